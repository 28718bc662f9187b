package dev.portaudit.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Network namespaces as procfs shows them: which processes live in which ({@code /proc/PID/ns/net}). */
public final class ProcNamespaces {

    private final LinuxProc proc;

    public ProcNamespaces(LinuxProc proc) {
        this.proc = proc;
    }

    /** Every process's network namespace: namespace inode to the pids in it, and how many could not be read. */
    public record Namespaces(Map<Long, Set<Integer>> pidsByInode, int unreadable) {
    }

    /** Every process's namespace; a process that exits meanwhile is not counted as unreadable. */
    public Namespaces all() {
        Map<Long, Set<Integer>> byInode = new TreeMap<>();
        int unreadable = 0;
        for (int pid : proc.pids()) {
            OptionalLong ns = of(pid);
            if (ns.isPresent()) {
                byInode.computeIfAbsent(ns.getAsLong(), k -> new TreeSet<>()).add(pid);
            } else if (Files.exists(proc.path(Integer.toString(pid)))) {
                unreadable++;
            }
        }
        return new Namespaces(byInode, unreadable);
    }

    /** The inode of a process's network namespace ({@code /proc/PID/ns/net -> net:[4026531840]}). */
    public OptionalLong of(int pid) {
        try {
            String target = Files.readSymbolicLink(proc.path(pid + "/ns/net")).toString();
            if (target.startsWith("net:[") && target.endsWith("]")) {
                return OptionalLong.of(Long.parseLong(target.substring(5, target.length() - 1)));
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException | SecurityException e) {
            // not readable: the caller counts it
        }
        return OptionalLong.empty();
    }

    /** The inode of this process's own network namespace. */
    public OptionalLong own() {
        try {
            String target = Files.readSymbolicLink(proc.path("self/ns/net")).toString();
            return OptionalLong.of(Long.parseLong(target.substring(5, target.length() - 1)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
