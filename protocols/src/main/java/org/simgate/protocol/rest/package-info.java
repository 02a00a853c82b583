/**
 * The REST listener: HTTP/1.1 (optionally TLS) in, {@link org.simgate.service.SimService} calls
 * out. Route ({@code RestRoutes}: each route once — method, path, the operation its guard checks,
 * its handler method), parse ({@code RequestBodies}, {@code UsimHttpsQuery}), act
 * ({@code RestHandler}), encode ({@code RestResponses}, {@code UsimHttpsResponses}). The pipeline
 * ({@link org.simgate.protocol.HttpPipeline}), the authentication stage
 * ({@link org.simgate.protocol.HttpAuthentication}) and the answer order
 * ({@link org.simgate.protocol.OrderedAnswers}) are shared with the management listener. The bodies of
 * simgate's own APIs are defined once, both ways, in the public {@link
 * org.simgate.protocol.rest.SimAuthWire} and {@link org.simgate.protocol.rest.RestWire}: the
 * server writes its answers with them, and a client (the command line) writes its requests and
 * reads the answers with them.
 *
 * <p>Decisions where the contracts (DESIGN.md, issue #10) are silent:
 * <ul>
 *   <li>usim-https success answers copy usim_https_server byte for byte, including its
 *       {@code json.dumps(indent="\t")} layout; sw1/sw2 are uppercase like its data (its PC/SC
 *       path printed them lowercase, its modem path as the modem did).</li>
 *   <li>The original answered every failure HTTP 501 {@code {"error": true, "error_code": 501,
 *       "error_msg": "Error"}}. Its clients (SWu-IKEv2, GBA_ME, NWu, eNB emulators) only read
 *       {@code r.json()['res']} and treat any exception as "no card", so here failures use
 *       simgate's status codes and error body, and a card's refusal of rand-autn is 200 with the
 *       sim-auth error body: no "res" key, the same outcome for those clients. Never
 *       {@code {"res": null, ...}}, which those clients would feed to their hex decoder.</li>
 *   <li>A body over the limit is answered 413 and the connection closed, rather than reading and
 *       discarding what may be a large rest.</li>
 *   <li>Unknown path 404 before wrong method 405 before bad slot number 400.</li>
 * </ul>
 */
package org.simgate.protocol.rest;
