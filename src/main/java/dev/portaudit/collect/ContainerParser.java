package dev.portaudit.collect;

import dev.portaudit.model.Container;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the container a process runs in from {@code /proc/PID/cgroup}: the container runtimes name
 * their cgroups after the container id.
 */
public final class ContainerParser {

    private static final String ID = "([0-9a-f]{64})";
    private static final Pattern POD = Pattern.compile("pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_]"
            + "[0-9a-f]{12})");
    /** A Podman pod: its containers' cgroups sit under the pod's, named by the pod's 64-hex id. */
    private static final Pattern PODMAN_POD = Pattern.compile("(?:machine-libpod_pod_|libpod_parent/)([0-9a-f]{64})");
    private static final Pattern[] RUNTIMES = {
        Pattern.compile("cri-containerd[-:]" + ID), Pattern.compile("crio-(?:conmon-)?" + ID),
        Pattern.compile("docker-" + ID + "\\.scope"), Pattern.compile("/docker/" + ID),
        Pattern.compile("libpod-(?:conmon-)?" + ID), Pattern.compile("/containerd/" + ID),
        Pattern.compile("/kubepods[^\\n]*/" + ID),
    };
    private static final String[] NAMES = {"containerd", "cri-o", "docker", "docker", "podman", "containerd",
        "kubernetes"};

    private ContainerParser() {
    }

    public static Optional<Container> parse(String cgroup) {
        for (String line : cgroup.split("\n")) {
            for (int i = 0; i < RUNTIMES.length; i++) {
                Matcher m = RUNTIMES[i].matcher(line);
                if (m.find()) {
                    Matcher pod = POD.matcher(line);
                    Optional<String> podUid = pod.find() ? Optional.of(pod.group(1).replace('_', '-'))
                            : Optional.empty();
                    String runtime = NAMES[i];
                    Matcher podmanPod = PODMAN_POD.matcher(line);
                    if (runtime.equals("podman") && podmanPod.find()) {
                        podUid = Optional.of(podmanPod.group(1));
                    }
                    if (podUid.isPresent() && runtime.equals("docker")) {
                        runtime = "kubernetes";
                    }
                    return Optional.of(new Container(runtime, m.group(1), podUid));
                }
            }
        }
        return Optional.empty();
    }
}
