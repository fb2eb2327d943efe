package dev.descent.platform.predictions;

import dev.descent.platform.predictions.PredictionViews.EvaluationView;
import dev.descent.platform.predictions.PredictionViews.PredictionsView;
import dev.descent.platform.predictions.PredictionViews.RowsRequest;
import dev.descent.platform.web.ApiProblem;
import dev.descent.train.PredictionInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/runs/{id}")
class PredictionsController {
    private final PredictionService service;

    PredictionsController(PredictionService service) {
        this.service = service;
    }

    @GetMapping("/model.onnx")
    ResponseEntity<byte[]> onnx(@PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + id + ".onnx\"")
                .body(service.onnx(id));
    }

    /** Feature rows as JSON: {"rows": [[...], ...], "top": 3}. */
    @PostMapping(value = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    PredictionsView predictRows(@PathVariable long id, @RequestBody RowsRequest body) {
        if (body == null || body.rows() == null || body.rows().isEmpty())
            throw ApiProblem.badRequest("rows", "is required: a non-empty list of feature rows");
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < body.rows().size(); r++) {
            List<Double> row = body.rows().get(r);
            if (row == null) throw ApiProblem.badRequest("rows[" + r + "]", "must be a list of numbers");
            double[] v = new double[row.size()];
            for (int i = 0; i < v.length; i++) {
                if (row.get(i) == null) throw ApiProblem.badRequest("rows[" + r + "][" + i + "]", "must be a number");
                v[i] = row.get(i);
            }
            rows.add(v);
        }
        return service.predict(id, "rows", spec -> PredictionInputs.rows(spec, rows), body.top());
    }

    /** PNG images (parts named {@code images}) or one IDX image file (part {@code idx}), as multipart form data. */
    @PostMapping(value = "/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PredictionsView predictImages(
            @PathVariable long id,
            @RequestPart(name = "images", required = false) List<MultipartFile> images,
            @RequestPart(name = "idx", required = false) MultipartFile idx,
            @RequestParam(name = "top", required = false) Integer top) {
        boolean hasImages = images != null && !images.isEmpty();
        if (hasImages == (idx != null))
            throw ApiProblem.badRequest("images", "send PNG files as 'images' or one IDX file as 'idx' (one of them)");
        if (idx != null) {
            byte[] bytes = bytes(idx);
            return service.predict(id, "idx", spec -> PredictionInputs.idx(spec, bytes, "idx"), top);
        }
        List<byte[]> pngs = images.stream().map(PredictionsController::bytes).toList();
        return service.predict(id, "images", spec -> PredictionInputs.png(spec, pngs), top);
    }

    @GetMapping("/evaluation")
    EvaluationView evaluation(@PathVariable long id) {
        return service.evaluation(id);
    }

    private static byte[] bytes(MultipartFile f) {
        try {
            return f.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
