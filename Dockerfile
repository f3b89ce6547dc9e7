# The runtime image: the locked runtime dependencies (no test tools) plus this project. Configuration is
# not baked in: docker-compose.yml mounts the feeds file and newsclaims.toml read-only, so a change to
# either needs no rebuild. The seeds stay in the image so that the default feeds file still works.
FROM python:3.11-slim
WORKDIR /app
COPY requirements-runtime.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements-runtime.lock
COPY extractors ./extractors
COPY warehouse ./warehouse
COPY flows ./flows
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps . && useradd --create-home --uid 1000 newsclaims
ENV PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 NEWSCLAIMS_CONFIG=/app/newsclaims.toml
USER newsclaims
CMD ["newsclaims", "worker"]
