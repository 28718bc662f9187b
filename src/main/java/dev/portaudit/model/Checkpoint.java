package dev.portaudit.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's word, written into its journal, on what it has journalled so far and what it judged
 * by: the last event it covers, the portaudit that wrote it, the files it read its policy and
 * control mapping from (by hash) and the rules it evaluated. Signed when the agent has a key.
 *
 * @param through the sequence number of the last event written before it (0: none yet)
 * @param time    when it was written (the scan's start)
 * @param host    the host
 * @param tool    portaudit's version
 * @param inputs  the files the agent judged by, with their hashes
 * @param rules   the rules the last scan evaluated
 * @param key     the id of the key that signed it; empty when unsigned
 */
public record Checkpoint(long through, Instant time, String host, String tool, List<Input> inputs,
        List<String> rules, Optional<String> key) {

    /**
     * A file the agent read its judgement from.
     *
     * @param kind   "policy" or "controls"
     * @param file   where it was read from ("bundled:policy.yaml" for the built-in one)
     * @param sha256 the SHA-256 of its bytes, in hex
     */
    public record Input(String kind, String file, String sha256) {
        public Input {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(file);
            Objects.requireNonNull(sha256);
        }
    }

    public Checkpoint {
        Objects.requireNonNull(time);
        Objects.requireNonNull(host);
        Objects.requireNonNull(tool);
        inputs = List.copyOf(inputs);
        rules = List.copyOf(rules);
        key = Objects.requireNonNullElse(key, Optional.empty());
    }
}
