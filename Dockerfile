# syntax=docker/dockerfile:1
# One image for every role of the platform jar: `docker run IMAGE` serves the API and web UI (with an in-process
# worker unless DESCENT_WORKER_ENABLED=false); `docker run IMAGE --descent.role=worker` only trains. Arguments after
# the image name are the jar's (--name=value settings). docker-compose.yml and deploy/k8s/ run it.
#
#   docker build -t descent .
#   docker build --build-arg RUNTIME_IMAGE=... -t descent .   # another glibc base, e.g. one with CUDA libraries
#
# Tests do not run here (they need PostgreSQL): run ./mvnw verify before building.

ARG JDK_IMAGE=eclipse-temurin:25.0.3_9-jdk-noble
ARG RUNTIME_IMAGE=debian:12.11-slim

FROM ${JDK_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends unzip zip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The Maven repository and wrapper live in a build cache, so a source change does not download them again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package -pl platform-api -am
# A runtime of exactly the modules the jar's classes use (scripts/jlink-runtime runs jdeps over every class).
RUN scripts/jlink-runtime /opt/java platform-api/target/descent-platform.jar

FROM ${RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 descent \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/descent --create-home --shell /usr/sbin/nologin descent \
 && mkdir -p /var/cache/descent \
 && chown 10001:10001 /var/cache/descent
COPY --from=build /opt/java /opt/java
COPY --from=build /src/platform-api/target/descent-platform.jar /opt/descent/descent-platform.jar
COPY deploy/docker/healthcheck /usr/local/bin/descent-healthcheck
# Downloaded datasets and libtorch's extracted natives go to one cache directory, a volume in docker-compose.yml.
# NVIDIA's container runtime mounts the driver (compute) and nvidia-smi (utility), which workers use to find a GPU.
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:$PATH \
    XDG_CACHE_HOME=/var/cache/descent \
    DJL_CACHE_DIR=/var/cache/descent/djl \
    ENGINE_CACHE_DIR=/var/cache/descent/djl \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 10001:10001
WORKDIR /home/descent
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD ["/usr/local/bin/descent-healthcheck"]
# The Vector API (CPU backend) and native access (FFM: native libraries) are switched on here, so the launcher need
# not restart itself to add them; extra JVM options go in JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", \
            "-XX:MaxRAMPercentage=75", "-jar", "/opt/descent/descent-platform.jar"]
