package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portaudit.model.Container;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GitLab compares a merge request's test report with the target branch's by test name: a name that
 * changes from run to run makes every failure look new.
 */
class JUnitNamesTest {

    private static final Pattern CASE = Pattern.compile("<testcase name=\"([^\"]*)\"");

    private static List<String> names(long firstInode, long secondInode, String containerId) throws Exception {
        NetNamespace a = new NetNamespace(firstInode, Optional.of(new Container("docker", containerId,
                Optional.empty())));
        NetNamespace b = new NetNamespace(secondInode, Optional.empty());
        Snapshot s = new Snapshot(Scenarios.host(), List.of(
                Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD).inNamespace(a),
                Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD).inNamespace(b),
                Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD),
                Scenarios.tcp("0.0.0.0", 8080, Scenarios.JAVA).inNamespace(a),
                Scenarios.tcp("0.0.0.0", 8080, Scenarios.JAVA).inNamespace(new NetNamespace(secondInode + 7,
                        Optional.of(new Container("podman", containerId.replace('a', 'b'),
                                Optional.empty()))))), List.of());
        Report r = Scenarios.report(s, Scenarios.settings(Optional.empty()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormat.JUNIT.reporter().write(r, out);
        String xml = out.toString(StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        Matcher m = CASE.matcher(xml);
        while (m.find()) {
            names.add(m.group(1));
            assertFalse(m.group(1).contains(Long.toString(firstInode)) || m.group(1).contains(containerId.substring(0, 12)),
                    "no namespace inode or container id in a test's name: " + m.group(1));
        }
        assertFalse(xml.contains("portaudit scan of"), "the suite's name holds no host name either");
        return names;
    }

    @Test
    void namesStayTheSameAcrossRunsAndStayDistinct() throws Exception {
        List<String> first = names(4026532254L, 4026532301L, "a".repeat(64));
        List<String> second = names(4026533999L, 4026534100L, "ac".repeat(32));
        assertEquals(first, second, "new namespaces and containers, the same test names");
        assertEquals(first.size(), first.stream().distinct().count(), "every test case has a name of its own");
        assertEquals(List.of("tcp 0.0.0.0:23 in.telnetd", "tcp 0.0.0.0:23 in.telnetd in a container",
                "tcp 0.0.0.0:23 in.telnetd in another network namespace", "tcp 0.0.0.0:8080 java in a container",
                "tcp 0.0.0.0:8080 java in a container #2"), first.stream().sorted().toList());
    }
}
