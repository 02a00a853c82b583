package org.simgate.rspro;

/**
 * RSPRO's {@code ComponentIdentity}: who a peer says it is. The hardware fields are optional (null when
 * absent). Every name is IA5 text of 1 to 32 characters.
 */
public record ComponentIdentity(ComponentType type, String name, String software, String swVersion,
                                String hwManufacturer, String hwModel, String hwSerialNr, String hwVersion,
                                String fwVersion) {

    public ComponentIdentity {
        if (type == null) {
            throw new IllegalArgumentException("ComponentIdentity.type is missing");
        }
        ComponentName.require("ComponentIdentity.name", name);
        ComponentName.require("ComponentIdentity.software", software);
        ComponentName.require("ComponentIdentity.swVersion", swVersion);
        ComponentName.optional("ComponentIdentity.hwManufacturer", hwManufacturer);
        ComponentName.optional("ComponentIdentity.hwModel", hwModel);
        ComponentName.optional("ComponentIdentity.hwSerialNr", hwSerialNr);
        ComponentName.optional("ComponentIdentity.hwVersion", hwVersion);
        ComponentName.optional("ComponentIdentity.fwVersion", fwVersion);
    }

    /**
     * This host's identity as {@code type}, named by the host name as osmo-remsim's own programs name
     * themselves (so the server's REST listing tells which machine a bank or client is), or
     * "simgate" where the host name is no valid ComponentName; a version that is none reads "dev".
     */
    public static ComponentIdentity ofThisHost(ComponentType type, String software, String swVersion) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "";
        }
        return of(type, ComponentName.valid(host) ? host : "simgate", software,
                ComponentName.valid(swVersion) ? swVersion : "dev");
    }

    /** An identity without hardware details, as the real peers send it. */
    public static ComponentIdentity of(ComponentType type, String name, String software, String swVersion) {
        return new ComponentIdentity(type, name, software, swVersion, null, null, null, null, null);
    }
}
