package dev.portaudit.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The controls of compliance frameworks that portaudit's rules evidence ({@code rules/controls.yaml}):
 * which findings violate a control, which rules must have run for it to be judged, and which
 * listeners it is about.
 *
 * @param frameworks the frameworks, in the file's order
 */
public record ControlMap(List<Framework> frameworks) {

    public static final ControlMap EMPTY = new ControlMap(List.of());

    /**
     * A framework at one version.
     *
     * @param id       the id reports and {@code --compliance} use ("pci-dss-v4.0.1")
     * @param title    its name, for people
     * @param version  the version of the framework the ids are taken from
     * @param controls its controls portaudit evidences
     */
    public record Framework(String id, String title, String version, List<Control> controls) {
        public Framework {
            Objects.requireNonNull(id);
            Objects.requireNonNull(title);
            Objects.requireNonNull(version);
            controls = List.copyOf(controls);
        }
    }

    /**
     * A control and how it is judged.
     *
     * @param framework the framework's id
     * @param id        the control's id in the framework ("1.2.5", "CM-7(b)", "RHEL-09-...")
     * @param title     a short label, written here
     * @param rules     rules whose findings, unless a valid waiver accepts them, violate the control
     * @param requires  rules that must have run for the control to be judged at all
     * @param ports     the listeners the control is about, as "PORT/PROTOCOL" (empty: any listener)
     * @param services  the catalogue services the ports came from, for people
     * @param absent    whether those listeners should not be there at all: one present that the policy
     *                  does not approve violates the control, finding or not
     */
    public record Control(String framework, String id, String title, List<String> rules, List<String> requires,
            Set<String> ports, List<String> services, boolean absent) {
        public Control {
            Objects.requireNonNull(framework);
            Objects.requireNonNull(id);
            Objects.requireNonNull(title);
            rules = List.copyOf(rules);
            requires = List.copyOf(requires);
            ports = Set.copyOf(ports);
            services = List.copyOf(services);
        }

        /** "framework:id", as findings carry it. */
        public String key() {
            return framework + ":" + id;
        }

        /** Whether the control is about this listener: any listener, or one on its ports. */
        public boolean about(Transport protocol, int port) {
            return ports.isEmpty() || ports.contains(port + "/" + protocol.id());
        }

        /** Whether a finding of {@code rule} on this listener evidences the control. */
        public boolean evidencedBy(String rule, Transport protocol, int port) {
            return rules.contains(rule) && about(protocol, port);
        }
    }

    public ControlMap {
        frameworks = List.copyOf(frameworks);
    }

    public Optional<Framework> framework(String id) {
        return frameworks.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** The keys of every control a finding of {@code rule} on this listener evidences, in file order. */
    public List<String> controlsFor(String rule, Transport protocol, int port) {
        List<String> out = new ArrayList<>();
        for (Framework f : frameworks) {
            for (Control c : f.controls()) {
                if (c.evidencedBy(rule, protocol, port)) {
                    out.add(c.key());
                }
            }
        }
        return out;
    }

    /** Every control by each rule that evidences it, in file order: built once, asked for each finding. */
    public Map<String, List<Control>> byRule() {
        Map<String, List<Control>> out = new HashMap<>();
        for (Framework f : frameworks) {
            for (Control c : f.controls()) {
                c.rules().forEach(rule -> out.computeIfAbsent(rule, k -> new ArrayList<>()).add(c));
            }
        }
        return out;
    }

    /** This map with {@code other}'s frameworks added; one of the same id replaces this map's whole. */
    public ControlMap with(ControlMap other) {
        List<Framework> out = new ArrayList<>(frameworks);
        for (Framework f : other.frameworks()) {
            out.removeIf(mine -> mine.id().equals(f.id()));
            out.add(f);
        }
        return new ControlMap(out);
    }
}
