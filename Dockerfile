# syntax=docker/dockerfile:1
# Build: docker build -t kaso:dev .
# The base images are build arguments, so the same file builds on other Java 17 bases (the cluster test tier uses
# bases built from Debian packages: --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=...).
ARG BUILD_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, so this layer is reused while only sources change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY operator/pom.xml operator/pom.xml
RUN ./mvnw -B -q -pl operator dependency:go-offline
COPY operator operator
COPY crds crds
COPY helm helm
RUN ./mvnw -B -q -pl operator package -DskipTests \
    && cp operator/target/kaso-operator-*-all.jar /src/kaso-operator.jar

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="kaso" \
      org.opencontainers.image.description="Kubernetes operator keeping Secrets in step with AWS Parameter Store and Secrets Manager" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/kaso-io/kaso"
COPY --from=build --chown=65532:65532 /src/kaso-operator.jar /app/kaso-operator.jar
# Non-root, read-only root filesystem friendly: the JVM only needs /tmp (an emptyDir in the chart).
USER 65532:65532
EXPOSE 8080 8081
# JVM options on the command line, not in JAVA_TOOL_OPTIONS: the JVM prints "Picked up JAVA_TOOL_OPTIONS: ..." to
# stderr for that variable, which would make the first log line not JSON. The heap follows the container's memory
# limit; the JVM exits on OutOfMemoryError so Kubernetes restarts it. The chart's javaOptions repeat this list (a
# test keeps them equal).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/kaso-operator.jar"]
