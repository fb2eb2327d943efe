package dev.descent.data;

/**
 * A data file that cannot be read as what it claims to be. The message names the file, where in it the problem is (a
 * byte offset, or a line and column) and what was expected there.
 */
public class DataFormatException extends IllegalArgumentException {
    private final String file;

    public DataFormatException(String file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DataFormatException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** A problem at a byte offset of a binary file (offsets count in the decompressed stream for gzip files). */
    static DataFormatException atOffset(String file, long offset, String message) {
        return new DataFormatException(file, message + " at offset " + offset);
    }

    /** A problem in a text file; line and column count from 1. */
    static DataFormatException atLine(String file, long line, int column, String message) {
        return new DataFormatException(file, "line " + line + ", column " + column + ": " + message);
    }

    /** The file's name as the caller gave it (a path, or a name a byte stream was stored under). */
    public String file() {
        return file;
    }
}
