# The worker image: the locked dependencies plus this project, running `newsclaims worker`.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY extractors ./extractors
COPY warehouse ./warehouse
COPY flows ./flows
COPY seeds ./seeds
COPY feeds.toml newsclaims.toml ./
RUN pip install --no-cache-dir --no-deps -e .
ENV PREFECT_SERVER_ANALYTICS_ENABLED=false
VOLUME ["/data"]
CMD ["newsclaims", "worker"]
