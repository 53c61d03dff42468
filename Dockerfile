# The project's image for docker-compose.yml. NOT TESTED HERE (no Docker engine on our machines).
# One stage on purpose: ./iot runs the CLI from classpath lists that name jars in ~/.m2.
FROM maven:3.9-eclipse-temurin-17
WORKDIR /opt/iot-pipeline
COPY . .
RUN mvn -B -q -DskipTests package && touch iot-cli/target/iot.classpath
ENTRYPOINT ["./iot"]
