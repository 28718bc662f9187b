package dev.portaudit.model;

import java.util.Objects;

/**
 * A socket the service manager holds for a {@code .socket} unit, and the service it starts when a
 * connection comes: "held by systemd for ssh.socket → ssh.service".
 *
 * @param socketUnit the socket unit whose Listen*= line describes the socket ("ssh.socket")
 * @param service    the service it activates ("ssh.service"; "sshd@.service" for Accept=yes)
 */
public record SocketActivation(String socketUnit, String service) {

    public SocketActivation {
        Objects.requireNonNull(socketUnit);
        Objects.requireNonNull(service);
    }

    /** "ssh.socket → ssh.service". */
    public String describe() {
        return socketUnit + " \u2192 " + service;
    }
}
