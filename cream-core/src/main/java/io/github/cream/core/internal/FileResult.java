package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.ResumeState;
import java.nio.file.Path;
import java.util.List;

/**
 * What scanning one file (or the appended part of it) produced.
 *
 * @param sourceId the source
 * @param root the root it was found under
 * @param file the file
 * @param startOffset where reading started
 * @param consumedOffset the offset just after the last complete line read; a partial last line is not consumed
 * @param linesEnd the number of the last complete line read (0 if none)
 * @param linesRead complete lines framed in this scan
 * @param linesParsed lines the parser wanted
 * @param malformedLines lines on which the parser reported a warning or error
 * @param bytesRead bytes read
 * @param records the records, in file order
 * @param facts the last facts the file emitted per session
 * @param diagnostics folded problems
 * @param endState the parser's state after the last complete line, if it could be taken
 * @param readable false when the file could not be read at all
 */
public record FileResult(
    String sourceId,
    Path root,
    Path file,
    long startOffset,
    long consumedOffset,
    long linesEnd,
    long linesRead,
    long linesParsed,
    long malformedLines,
    long bytesRead,
    List<UsageRecord> records,
    List<SessionFacts> facts,
    List<Diagnostic> diagnostics,
    ResumeState endState,
    boolean readable) {}
