/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Map;

/**
 * OpenTelemetry for {@code parley serve}: spans batched and sent over OTLP/HTTP (protobuf) to a
 * collector, named by {@code --otlp} or the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}, with
 * {@code OTEL_EXPORTER_OTLP_HEADERS} (a vendor's API key) and {@code OTEL_SERVICE_NAME} honoured.
 * Off unless one of them is set.
 */
final class Tracing {
  private Tracing() {}

  /**
   * The SDK exporting to {@code endpoint}: a base URL ({@code http://collector:4318}, to which
   * {@code /v1/traces} is added) or the full traces URL. Close it to flush the last spans.
   */
  static OpenTelemetrySdk otlp(String endpoint, Map<String, String> env) throws UsageException {
    String base = endpoint.strip();
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      throw new UsageException(
          "--otlp needs an http:// or https:// URL (OTLP over HTTP, port 4318), not " + endpoint);
    }
    String url =
        base.endsWith("/v1/traces")
            ? base
            : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(url);
    for (String header : env.getOrDefault("OTEL_EXPORTER_OTLP_HEADERS", "").split(",")) {
      int eq = header.indexOf('=');
      if (eq > 0) {
        exporter.addHeader(header.substring(0, eq).strip(), header.substring(eq + 1).strip());
      }
    }
    String service = env.getOrDefault("OTEL_SERVICE_NAME", "parley");
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        service.isBlank() ? "parley" : service)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
            .build();
    return OpenTelemetrySdk.builder().setTracerProvider(provider).build();
  }
}
