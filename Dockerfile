# learnloop app image for server mode (docker-compose.yml): gunicorn via `learnloop serve`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LEARNLOOP_DATA=/data \
    LEARNLOOP_GRAPH=neo4j

WORKDIR /app

# Only what `pip install .` needs: the metadata first, then the packages it lists.
COPY pyproject.toml README.md ./
COPY learnloop ./learnloop
COPY graph ./graph
COPY ingest ./ingest
COPY search ./search
COPY api ./api
COPY web ./web

RUN pip install . \
 && useradd --create-home --uid 10001 learnloop \
 && mkdir -p /data /documents \
 && chown learnloop:learnloop /data

USER learnloop
# search index, accounts and uploads live here; the graph lives in Neo4j
VOLUME ["/data"]
EXPOSE 5000

HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=5 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/api/openapi.json', timeout=4)"]

CMD ["learnloop", "serve", "--host", "0.0.0.0", "--port", "5000", "--threads", "8"]
