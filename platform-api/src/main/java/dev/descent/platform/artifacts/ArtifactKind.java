package dev.descent.platform.artifacts;

/** What an artifact is; the names are the API's values and the database's (migration V14 checks them). */
public enum ArtifactKind {
    /** A training state a worker saved (weights, optimizer state, position): what a resumed run starts from. */
    CHECKPOINT,
    /** The final trained weights alone, saved when the run succeeded: what a user downloads to use the model. */
    MODEL
}
