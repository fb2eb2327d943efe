package dev.descent.backend;

/** Element types. float32 is the default; type promotion follows PyTorch's lattice. */
public enum DType {
    BOOL(1, Kind.BOOL),
    UINT8(1, Kind.INTEGER),
    INT8(1, Kind.INTEGER),
    INT32(4, Kind.INTEGER),
    INT64(8, Kind.INTEGER),
    FLOAT32(4, Kind.FLOATING),
    FLOAT64(8, Kind.FLOATING);

    private enum Kind {
        BOOL,
        INTEGER,
        FLOATING
    }

    private final int byteSize;
    private final Kind kind;

    DType(int byteSize, Kind kind) {
        this.byteSize = byteSize;
        this.kind = kind;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return kind == Kind.FLOATING;
    }

    public boolean isIntegral() {
        return kind != Kind.FLOATING;
    }

    /**
     * The smallest type both operands convert to without loss (uint8 with int8 widens to int32, as there is no int16;
     * PyTorch gives int16).
     */
    @SuppressWarnings("EnumOrdinal") // the constants are declared in promotion order; that order is the rule
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if ((a == UINT8 && b == INT8) || (a == INT8 && b == UINT8)) return INT32;
        return a.ordinal() > b.ordinal() ? a : b;
    }

    /** Lower-case names as PyTorch prints them: float32, int64, bool... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DType parse(String name) {
        for (DType d : values()) if (d.label().equals(name)) return d;
        return switch (name) {
            case "float", "f32" -> FLOAT32;
            case "double", "f64" -> FLOAT64;
            case "long" -> INT64;
            case "int" -> INT32;
            default ->
                throw new IllegalArgumentException("unknown dtype '" + name
                        + "'; expected one of float32, float64, int64, int32, int8, uint8, bool");
        };
    }
}
