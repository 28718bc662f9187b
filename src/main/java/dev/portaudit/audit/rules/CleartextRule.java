package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.policy.ServiceDef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cleartext-protocol}: a listener on the port of a service the catalogue marks as carrying
 * credentials or data in the clear (telnet, FTP, the r-commands, TFTP, POP3/IMAP without TLS,
 * SNMP v1/v2c, ...). Reachable only from this machine it matters less.
 */
public final class CleartextRule implements Rule {

    public static final String ID = RuleSpecs.CLEARTEXT;

    /** What to use instead, per catalogue service. */
    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry("telnet", "SSH"), Map.entry("rsh", "SSH"), Map.entry("rlogin", "SSH"),
            Map.entry("rexec", "SSH"), Map.entry("ftp", "SFTP or FTPS"),
            Map.entry("tftp", "HTTPS, or TFTP confined to the provisioning network"),
            Map.entry("pop3", "POP3S (995/tcp)"), Map.entry("imap", "IMAPS (993/tcp)"),
            Map.entry("nntp", "NNTPS (563/tcp)"), Map.entry("ldap", "LDAPS (636/tcp), or StartTLS made mandatory"),
            Map.entry("snmp", "SNMPv3 with authentication and privacy (authPriv)"),
            Map.entry("snmptrap", "SNMPv3 traps"), Map.entry("syslog", "syslog over TLS (6514/tcp)"),
            Map.entry("vnc", "VNC tunnelled through SSH, or a TLS-secured VNC server"),
            Map.entry("docker", "the TLS port 2376/tcp, or the local Unix socket"),
            Map.entry("submission", "submissions with implicit TLS (465/tcp)"),
            Map.entry("xmpp-client", "XMPP with direct TLS (5223/tcp)"));

    /**
     * Protocols that can switch to TLS within the connection (STARTTLS, AUTH TLS): whether this
     * server insists on it cannot be told from the port, so they are graded lower and said to "may"
     * carry credentials in the clear.
     */
    private static final Set<String> UPGRADABLE = Set.of("pop3", "imap", "ldap", "nntp", "ftp", "submission",
            "xmpp-client");

    /** What travels in the clear, where "credentials and data" is not the truth of the service. */
    private static final Map<String, String> CARRIES = Map.of(
            "tftp", "which has no authentication at all and sends files in the clear",
            "snmp", "whose v1/v2c community strings and data travel in the clear",
            "snmptrap", "whose v1/v2c community strings and traps travel in the clear",
            "syslog", "which sends log messages in the clear, to anyone who listens or forges them");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        Optional<ServiceDef> service = ctx.catalog().forPort(l.protocol(), l.port());
        if (service.isEmpty() || !service.get().cleartext()
                || ctx.config().names(ID, "ignore").contains(service.get().name())) {
            return;
        }
        String name = service.get().name();
        boolean local = l.exposure() == Exposure.LOOPBACK;
        boolean upgradable = UPGRADABLE.contains(name);
        Severity severity = local ? ctx.config().severityParam(ID, "loopback-severity")
                : upgradable ? ctx.config().severityParam(ID, "upgradable-severity") : ctx.config().severity(ID);
        String reach = local ? "; it is reachable from this machine only" : ", reachable from " + reach(l.exposure());
        String instead = INSTEAD.getOrDefault(name, "an encrypted equivalent");
        String carries = upgradable ? "which may carry credentials and data in the clear: the protocol can switch "
                + "to TLS within the connection, and whether this server insists on it cannot be told from the port"
                : CARRIES.getOrDefault(name, "which carries credentials and data in the clear");
        String fix = upgradable ? "Make TLS mandatory (refuse plaintext logins before STARTTLS), or serve only "
                + instead + "." : "Replace it with " + instead + ", or disable it"
                + (local ? "." : "; if it must stay, bind it to loopback.");
        Optional<Probe> probe = upgradable ? ctx.probe(l).filter(Probe::spoke) : Optional.empty();
        if (probe.isPresent()) {
            // what the server said settles what the port could not
            Probe p = probe.get();
            boolean tls = p.startTls().orElse(false);
            boolean refused = p.plaintextLogin().map(b -> !b).orElse(false);
            // a refusal is conclusive; an acceptance is not, since the probe comes from this machine and
            // servers such as Dovecot trust connections from their own host whatever they demand of others
            carries = tls && refused ? "which offers TLS and refuses password logins before it"
                    : !tls ? "which offers no TLS, so credentials and data travel in the clear"
                    : p.plaintextLogin().orElse(false) ? "which offers TLS and took password logins before it from "
                            + "this machine; servers such as Dovecot trust their own host, so what remote clients "
                            + "get cannot be told from here"
                    : "which offers TLS; whether it insists on it cannot be asked without logging in";
            carries += " (probed: " + p.seen() + ")";
            if (!local) {
                severity = tls && refused ? Severity.INFO : !tls ? ctx.config().severity(ID) : severity;
            }
            if (tls && refused) {
                fix = "Nothing to do: keep password logins refused before TLS.";
            }
        }
        out.add(new Finding(ID, severity, l, Describe.listener(l) + " serves " + name + " on " + l.port() + "/"
                + l.protocol().id() + ", " + carries + reach, fix + Describe.stopCommand(l).map(c -> " To stop it "
                + "for good: " + c + ".").orElse(""), audited.entries()));
    }

    static String reach(Exposure e) {
        return switch (e) {
            case WILDCARD -> "every interface";
            case PUBLIC -> "a public address";
            case PRIVATE -> "a private network";
            case LINK_LOCAL -> "the local link";
            case LOOPBACK -> "this machine only";
        };
    }
}
