/**
 * The line listener: CloudFoxy foxyproxy's TCP protocol (port 4001), for telnet, scripts and
 * APDUPlay. Parse ({@code RequestDecoder}, {@code RequestParser}, {@code CommandParser}), act
 * ({@code LineHandler}, {@code RequestRunner}, {@code ReaderSelector}, {@code CardCommands}), encode
 * ({@code AnswerEncoder}). User documentation: {@code docs/line-protocol.md}.
 *
 * <p>Decisions where foxyproxy, APDUPlay, DESIGN.md and issue #6 leave room:
 * <ul>
 *   <li>An answer is {@code >ID:RESULT} per command, then one {@code @@} (issue #6); foxyproxy puts
 *       {@code @@} after every command. Same bytes for APDUPlay's one-command requests.</li>
 *   <li>Error codes come from one table, {@code ErrorCode} (a slot's failure through its
 *       {@code org.simgate.service.Outcome}): C080 no card, C081 unknown command or
 *       APDU on a reader without allow-apdu, C082 ambiguous reader, C083 reader not found, C084 bad
 *       hex, length or number, C090 the card, its transport or simgate failed (busy, timeout, card
 *       gone, nonsense answer).</li>
 *   <li>APDU follows the slot's allow-apdu as the REST apdu-api does; RESET, AUTH and IMSI do not
 *       need it, as their REST counterparts do not.</li>
 *   <li>ENUM lists the matching readers that hold a card, READERS every matching reader; both as
 *       base64 of the UTF-8 name joined by {@code |}, as foxyproxy does.</li>
 *   <li>AUTH always answers four fields RES:CK:IK:KC: a card that returns no Kc gets c3(CK, IK),
 *       the value a USIM returning Kc computes.</li>
 *   <li>A request with a line it cannot read is refused whole ({@code >ERR:code:reason}); foxyproxy
 *       skips such lines, but a sequence of APDUs missing one is worse than an error.</li>
 *   <li>A card or transport failure midway fails the request's later card commands unrun; a
 *       refusal that never reached the card (allow-apdu, APDU length) fails only its command.</li>
 * </ul>
 */
package org.simgate.protocol.line;
