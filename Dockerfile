# The API image. Neo4j runs in its own container (docker-compose.yml) or wherever NEO4J_URI points.
# The explorer page's bundle is built in a stage of its own, from the npm packages web/ locks.
FROM node:20-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/src ./src
RUN npm run build

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY hdkg ./hdkg
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY --from=web /src/api/static/build ./api/static/build
COPY queries ./queries
COPY cli ./cli
COPY draft ./draft
COPY ontology ./ontology
COPY data ./data
RUN pip install --no-cache-dir -e . && useradd --system --uid 10001 hdkg
USER hdkg
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
