package dev.portaudit.agent.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %journal} in a pattern for stderr: journald's priority prefix when stderr is the journal
 * stream, nothing otherwise. Declared in a configuration with
 * {@code <conversionRule conversionWord="journal" class="...JournalPrefixConverter"/>}.
 */
public final class JournalPrefixConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent e) {
        return JournalStream.stderr() ? JournalStream.prefix(e.getLevel()) : "";
    }
}
