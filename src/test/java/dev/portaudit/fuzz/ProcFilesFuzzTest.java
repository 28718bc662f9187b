package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.portaudit.collect.CmdlineParser;
import dev.portaudit.collect.ContainerParser;
import dev.portaudit.collect.KernelSettingsParser;
import dev.portaudit.collect.OsReleaseParser;
import dev.portaudit.collect.PasswdParser;
import dev.portaudit.collect.ProcStatusParser;
import java.util.Optional;

/** The small readers of procfs and /etc files: whatever a file holds, none of them may fail. */
class ProcFilesFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void procFiles(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0 -> ProcStatusParser.parse(data.consumeRemainingAsString());
            case 1 -> ContainerParser.parse(data.consumeRemainingAsString());
            case 2 -> PasswdParser.parse(data.consumeRemainingAsString());
            case 3 -> OsReleaseParser.describe(data.consumeRemainingAsString());
            case 4 -> KernelSettingsParser.parse(Optional.of(data.consumeString(64)),
                    Optional.of(data.consumeString(32)), Optional.of(data.consumeRemainingAsString()));
            default -> CmdlineParser.commandLine(data.consumeRemainingAsBytes());
        }
    }
}
