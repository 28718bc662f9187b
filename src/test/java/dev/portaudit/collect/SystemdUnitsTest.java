package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The unit of a process from /proc/PID/cgroup, as real hosts write it. */
class SystemdUnitsTest {

    private static Optional<String> unit(String cgroup) {
        return SystemdUnits.unit(cgroup);
    }

    @Test
    void cgroupV2() {
        assertEquals(Optional.of("nginx.service"), unit("0::/system.slice/nginx.service\n"));
        assertEquals(Optional.of("init.scope"), unit("0::/init.scope\n"), "pid 1");
        assertEquals(Optional.of("session-3.scope"), unit("0::/user.slice/user-1000.slice/session-3.scope\n"));
        assertEquals(Optional.empty(), unit("0::/\n"), "the root cgroup: no unit");
        // a unit that delegates its subtree (containerd, a systemd-nspawn payload) is still the unit
        assertEquals(Optional.of("containerd.service"), unit("0::/system.slice/containerd.service/payload\n"));
    }

    @Test
    void aUnitOfAUsersOwnManager() {
        assertEquals(Optional.of("grafana-agent.service"), unit("0::/user.slice/user-1000.slice/user@1000.service/"
                + "app.slice/grafana-agent.service\n"), "the sub-unit, not user@1000.service");
        assertEquals(Optional.of("user@1000.service"), unit("0::/user.slice/user-1000.slice/user@1000.service\n"),
                "the manager itself");
    }

    @Test
    void containersInUnits() {
        assertEquals(Optional.of("docker-4f3c2a1b.scope"), unit("0::/system.slice/docker-4f3c2a1b.scope\n"));
        assertEquals(Optional.of("cri-containerd-9a8b7c.scope"), unit("0::/kubepods.slice/kubepods-burstable.slice/"
                + "kubepods-burstable-pod1234_5678.slice/cri-containerd-9a8b7c.scope\n"));
        assertEquals(Optional.of("nginx.service"), unit("0::/system.slice/docker-4f3c2a1b.scope/system.slice/"
                + "nginx.service\n"), "a container with a systemd of its own: its unit");
    }

    @Test
    void cgroupV1AndHybrid() {
        String v1 = "12:pids:/system.slice/sshd.service\n11:memory:/system.slice/sshd.service\n"
                + "4:cpu,cpuacct:/system.slice/sshd.service\n1:name=systemd:/system.slice/sshd.service\n";
        assertEquals(Optional.of("sshd.service"), unit(v1));
        // hybrid: the named systemd hierarchy and the unified one both there; systemd's own tells
        String hybrid = "5:memory:/system.slice/postgresql@15-main.service\n"
                + "1:name=systemd:/system.slice/postgresql@15-main.service\n0::/system.slice/postgresql@15-main.service\n";
        assertEquals(Optional.of("postgresql@15-main.service"), unit(hybrid));
        assertEquals(Optional.empty(), unit("3:cpu:/\n2:memory:/\n"), "v1 without systemd's hierarchy");
        assertEquals(Optional.empty(), unit(""), "an empty or unreadable file");
        assertEquals(Optional.empty(), unit("garbage without colons\n0::\n"));
    }

    @Test
    void theAgentsOwnUnit() {
        // dist/systemd/portaudit-agent.service: the agent and the helpers it runs (ss, nft) share its cgroup
        assertEquals(Optional.of("portaudit-agent.service"), unit("0::/system.slice/portaudit-agent.service\n"));
        // on v1 a controller's path can name another unit (cpu moved by hand or by a tuning tool):
        // only systemd's own hierarchy says which unit the process runs in
        assertEquals(Optional.of("portaudit-agent.service"), unit("12:cpu,cpuacct:/system.slice/nginx.service\n"
                + "7:memory:/system.slice/nginx.service\n1:name=systemd:/system.slice/portaudit-agent.service\n"
                + "0::/system.slice/nginx.service\n"));
    }
}
