package dev.portaudit.cli;

/** Entry point: {@code java -jar portaudit.jar ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }
}
