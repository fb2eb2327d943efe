package dev.descent.platform.sweeps;

import dev.descent.platform.runs.EpochJudge;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * ASHA at work: when a run of a sweep with early stopping ends a rung's epoch, its worker asks here, and a run that
 * falls outside the rung's top 1/eta is stopped ("stopped early by ASHA at epoch N").
 */
@Component
class AshaJudge implements EpochJudge {
    private static final Logger log = LoggerFactory.getLogger(AshaJudge.class);

    private final SweepStore store;
    private final JsonMapper json;

    AshaJudge(SweepStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public Optional<String> afterEpoch(long runId, int epoch, long step, Map<String, Double> latest) {
        SweepStore.Judged j = store.judged(runId).orElse(null);
        if (j == null) return Optional.empty();
        Asha asha = Asha.parse(json.readTree(j.spec()).get("earlyStopping"));
        int rung = asha.rungAt(epoch, j.epochs());
        if (rung < 0) return Optional.empty();
        Double value = latest.get(j.metric());
        if (value == null) {
            log.warn("run {} reached ASHA rung {} without a value of '{}'; it goes on", runId, rung, j.metric());
            return Optional.empty();
        }
        boolean promoted = store.decide(j.sweepId(), runId, rung, epoch, value, asha, j.goal());
        log.info(
                "ASHA: run {} of sweep {} at epoch {} ({} = {}) {}",
                runId,
                j.sweepId(),
                epoch,
                j.metric(),
                value,
                promoted ? "goes on" : "stops");
        return promoted ? Optional.empty() : Optional.of(Asha.reason(epoch));
    }
}
