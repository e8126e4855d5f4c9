# newsgraph: the service with the seeds ingested on first start. Reuses the Makefile's steps.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends make nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN make install VENV=/opt/venv PYTHON=python3 \
    && /opt/venv/bin/pip install --quiet -e '.[distributed]'
ENV PATH=/opt/venv/bin:$PATH NEWSGRAPH_DB=/data/newsgraph.db
VOLUME /data
EXPOSE 8000
# First start: the database does not exist yet, so the seeds go in; later starts reuse the volume.
CMD ["sh", "-c", "[ -f \"$NEWSGRAPH_DB\" ] || newsgraph ingest seeds; exec newsgraph serve --host 0.0.0.0 --port 8000"]
