package dev.portaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.ControlMap;
import dev.portaudit.model.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped control mapping, and how a site's mapping goes over it. */
class ControlsLoaderTest {

    private static final ServiceCatalog CATALOG = CatalogLoader.load(RuleFiles.BUNDLED_RULES.yaml(PolicyLoader.CATALOG));

    @Test
    void theShippedMappingCoversTheFrameworksAndEveryControlIsJudgedBySomething() {
        ControlMap map = ControlsLoader.load(RuleFiles.BUNDLED_RULES, Optional.empty(), CATALOG).map();
        assertEquals(List.of("cis-controls-v8", "pci-dss-v4.0.1", "nist-800-53-r5", "cis-rhel-9", "cis-debian-12",
                "stig-rhel-8", "stig-rhel-9", "stig-ubuntu-24.04"),
                map.frameworks().stream().map(ControlMap.Framework::id).toList());
        for (ControlMap.Framework f : map.frameworks()) {
            assertTrue(!f.version().isEmpty() && !f.controls().isEmpty(), f.id());
            for (ControlMap.Control c : f.controls()) {
                assertTrue(!c.title().isEmpty() && (!c.rules().isEmpty() || c.absent()), c.key());
                assertTrue(c.title().length() <= 100, "a short label, not the framework's text: " + c.key());
            }
        }
        assertEquals(List.of("pci-dss-v4.0.1:1.2.6", "pci-dss-v4.0.1:2.2.5", "cis-rhel-9:2.1.15"),
                map.controlsFor("cleartext-protocol", Transport.TCP, 23));
        assertEquals(List.of("pci-dss-v4.0.1:1.2.6", "pci-dss-v4.0.1:2.2.5"),
                map.controlsFor("cleartext-protocol", Transport.TCP, 21).subList(0, 2));
        assertTrue(map.controlsFor("cleartext-protocol", Transport.TCP, 21).contains("cis-rhel-9:2.1.7"),
                "FTP's own item, by the catalogue's port for ftp");
        assertEquals(List.of(), map.controlsFor("unofficial-use", Transport.TCP, 8080));
    }

    @Test
    void aSiteMappingAddsFrameworksAndReplacesOnesOfTheSameId(@TempDir Path dir) throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), """
                frameworks:
                  cis-controls-v8:
                    title: CIS Controls, our reading
                    version: "8.1"
                    controls:
                      "4.8":
                        title: Only what we run
                        rules: [unexpected-listener]
                """);
        ControlsLoader.Loaded loaded = ControlsLoader.load(RuleFiles.BUNDLED_RULES, Optional.of(mine), CATALOG);
        ControlMap.Framework cis = loaded.map().framework("cis-controls-v8").orElseThrow();
        assertEquals(List.of("4.8"), cis.controls().stream().map(ControlMap.Control::id).toList());
        assertEquals(List.of("bundled:controls.yaml", mine.toString()),
                loaded.inputs().stream().map(i -> i.file()).toList());
        assertTrue(loaded.inputs().stream().allMatch(i -> i.sha256().matches("[0-9a-f]{64}")));
        // a site's rules directory from before control mappings: the bundled mapping is used
        Path rules = Files.createDirectories(dir.resolve("rules"));
        assertEquals(8, ControlsLoader.load(new RuleFiles(Optional.of(rules)), Optional.empty(), CATALOG).map()
                .frameworks().size());
    }
}
