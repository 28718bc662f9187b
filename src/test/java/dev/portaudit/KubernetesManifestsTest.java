package dev.portaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * dist/kubernetes read strictly into the Kubernetes API's own types (fabric8's model): a field the
 * API does not have — a typo, a field at the wrong level — lands in a type's catch-all and fails the
 * test. And the DaemonSet asks for what the audit needs and no more.
 */
class KubernetesManifestsTest {

    private static final Map<String, Class<?>> KINDS = Map.of("Namespace", Namespace.class, "ServiceAccount",
            ServiceAccount.class, "ConfigMap", ConfigMap.class, "DaemonSet", DaemonSet.class, "Service", Service.class,
            "ServiceMonitor", ServiceMonitor.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static Object read(Path file) throws Exception {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        String kind = (String) ((Map<?, ?>) doc).get("kind");
        Class<?> type = KINDS.get(kind);
        assertTrue(type != null, file + ": kind " + kind + " is not one the tests know");
        Object resource = JSON.convertValue(doc, type);
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, "", unknown, new IdentityHashMap<>());
        assertEquals(List.of(), unknown, file + ": fields the Kubernetes API does not have");
        return resource;
    }

    /** Every model object's catch-all for unknown properties, walked through the getters. */
    private static void unknownFields(Object o, String at, List<String> out, Map<Object, Boolean> seen) throws Exception {
        if (o == null || seen.put(o, true) != null || o instanceof String || o instanceof Number
                || o instanceof Boolean || o.getClass().isEnum()) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                unknownFields(x, at + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), at + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.getName().equals("getClass")) {
                continue;
            }
            Object v = g.invoke(o);
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> out.add(at + "." + k));
                }
            } else {
                unknownFields(v, at + "." + g.getName().substring(3), out, seen);
            }
        }
    }

    @Test
    void everyManifestIsAKubernetesObjectWithNoUnknownField() throws Exception {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("dist/kubernetes"), "*.yaml")) {
            for (Path f : files) {
                read(f);
                n++;
            }
        }
        assertEquals(6, n);
    }

    @Test
    void aTypoIsCaught() throws Exception {
        Path bad = Files.createTempFile("manifest", ".yaml");
        try {
            Files.writeString(bad, Files.readString(Path.of("dist/kubernetes/daemonset.yaml"))
                    .replace("readOnlyRootFilesystem", "readOnlyRootFileSystem"));
            AssertionError e = assertThrows(AssertionError.class, () -> read(bad));
            assertTrue(e.getMessage().contains("readOnlyRootFileSystem"), e.getMessage());
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    @Test
    void theDaemonSetAsksForWhatTheAuditNeeds() throws Exception {
        DaemonSet ds = (DaemonSet) read(Path.of("dist/kubernetes/daemonset.yaml"));
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostPID() && pod.getHostNetwork(), "the node's processes and sockets");
        assertFalse(pod.getAutomountServiceAccountToken(), "no API token: the agent asks nothing of the API");
        Container c = pod.getContainers().get(0);
        assertTrue(c.getArgs().contains("--all-namespaces"), "every pod audited and labelled");
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertFalse(Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()), "not privileged: capabilities named");
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals(Set.of("SYS_PTRACE", "DAC_READ_SEARCH", "NET_ADMIN", "SYS_ADMIN"),
                Set.copyOf(c.getSecurityContext().getCapabilities().getAdd()));
        String listen = c.getArgs().get(c.getArgs().indexOf("--metrics-listen") + 1);
        assertEquals("$(NODE_IP):9187", listen, "the node's address only, not every interface");
        assertEquals("status.hostIP", c.getEnv().stream().filter(e -> e.getName().equals("NODE_IP")).findFirst()
                .orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        assertEquals("/-/healthy", c.getLivenessProbe().getHttpGet().getPath());
    }
}
