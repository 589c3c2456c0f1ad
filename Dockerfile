# syntax=docker/dockerfile:1
# Build: docker build -t kaso:dev .

FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
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

FROM eclipse-temurin:17.0.15_6-jre-jammy
LABEL org.opencontainers.image.title="kaso" \
      org.opencontainers.image.description="Kubernetes operator keeping Secrets in step with AWS Parameter Store and Secrets Manager" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/kaso-io/kaso"
COPY --from=build --chown=65532:65532 /src/kaso-operator.jar /app/kaso-operator.jar
# Non-root, read-only root filesystem friendly: the JVM only needs /tmp (an emptyDir in the chart).
USER 65532:65532
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/kaso-operator.jar"]
