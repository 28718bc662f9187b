/**
 * Coverage-guided fuzz tests (Jazzer) for every parser of outside input. Each class holds one
 * target so that each gets its own fuzzing JVM. In a normal test run the targets replay their
 * kept inputs ({@code src/test/resources/dev/portaudit/fuzz/<Class>Inputs/<method>/}, crashes
 * found earlier among them); with {@code JAZZER_FUZZ=1} they fuzz for {@code jazzer.max_duration}.
 * A target fails on anything but the parser's documented answer to bad input.
 */
package dev.portaudit.fuzz;
