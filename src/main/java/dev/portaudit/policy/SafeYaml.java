package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.util.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML as a tree of nodes, never as Java objects: no tag can construct a type. Size, nesting
 * and aliases are bounded so a hostile file is refused quickly; only the core schema's tags are
 * accepted.
 */
public final class SafeYaml {

    /** Largest file accepted. Policies are hand-written: a megabyte is already absurd. */
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_ALIASES = 20;
    public static final int MAX_DEPTH = 32;
    /** Nodes visited when following aliases; bounds what a tree of shared anchors can expand to. */
    public static final int MAX_NODES = 100_000;
    private static final Set<Tag> ALLOWED = Set.of(Tag.STR, Tag.INT, Tag.BOOL, Tag.NULL, Tag.FLOAT, Tag.TIMESTAMP,
            Tag.SEQ, Tag.MAP);

    private SafeYaml() {
    }

    /**
     * A parsed document, the name its problems are reported under, and the SHA-256 of the bytes it
     * was parsed from, which the agent's checkpoints and compliance reports name the policy by.
     */
    public record Document(String source, Node root, String sha256) {
    }

    public static Document read(Path file) {
        String source = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(source + ": is a directory, not a YAML file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidInputException(source + ": " + size + " bytes is too large for a policy (at most "
                        + MAX_BYTES + " bytes)");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new InvalidInputException(source + ": too large for a policy (at most " + MAX_BYTES + " bytes)");
            }
            return parse(bytes, source);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static Document parse(byte[] bytes, String source) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(source + ": too large (at most " + MAX_BYTES + " bytes)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(source + ": not valid UTF-8");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(options);
        Node root;
        try {
            Iterator<Node> docs = yaml.composeAll(new StringReader(text)).iterator();
            root = docs.hasNext() ? docs.next() : null;
            if (docs.hasNext()) {
                Node second = docs.next();
                throw new InvalidInputException(at(source, second.getStartMark())
                        + ": a second YAML document; a policy file holds one");
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new InvalidInputException(at(source, m) + ": " + describe(e));
        } catch (YAMLException e) {
            throw new InvalidInputException(source + ": " + describe(e));
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser signals some malformed input (a tag with spaces, say) with plain exceptions.
            throw new InvalidInputException(source + ": not valid YAML ("
                    + String.valueOf(e.getMessage()).strip() + ")");
        }
        if (root != null) {
            checkTags(root, source);
        }
        return new Document(source, root, Hashes.sha256(bytes));
    }

    /** Refuses any tag outside the core schema, and trees that aliases blow up past {@link #MAX_NODES}. */
    private static void checkTags(Node root, String source) {
        Deque<Node> todo = new ArrayDeque<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        todo.push(root);
        int visited = 0;
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (++visited > MAX_NODES) {
                throw new InvalidInputException(source + ": the document expands to more than " + MAX_NODES
                        + " nodes (aliases nested too deep)");
            }
            if (!ALLOWED.contains(n.getTag())) {
                throw new InvalidInputException(at(source, n.getStartMark()) + ": tag '" + n.getTag().getValue()
                        + "' is not allowed (plain YAML only: strings, numbers, booleans, lists, maps)");
            }
            if (seen.put(n, Boolean.TRUE) != null) {
                continue;
            }
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    todo.push(t.getKeyNode());
                    todo.push(t.getValueNode());
                }
            } else if (n instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
    }

    static String at(String source, Mark m) {
        return m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    private static String describe(YAMLException e) {
        String msg = e instanceof MarkedYAMLException m ? (m.getProblem() != null ? m.getProblem() : "")
                + (m.getContext() != null && m.getProblem() == null ? m.getContext() : "") : e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = "malformed YAML";
        }
        msg = msg.strip();
        if (msg.contains("Number of aliases")) {
            return "too many aliases (at most " + MAX_ALIASES + "): refused as a possible alias bomb";
        }
        if (msg.contains("Nesting Depth")) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        if (msg.startsWith("Global tag is not allowed")) {
            return "tag '" + msg.substring(msg.indexOf(':') + 1).strip()
                    + "' is not allowed (plain YAML only: strings, numbers, booleans, lists, maps)";
        }
        if (msg.contains("code points")) {
            return "too large (at most " + MAX_BYTES + " characters)";
        }
        return "malformed YAML: " + msg.replace('\n', ' ');
    }
}
