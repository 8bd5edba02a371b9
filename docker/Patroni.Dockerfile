# syntax=docker/dockerfile:1
# PostgreSQL 15 managed by Patroni (Debian's packages), for docker/compose.prod.yml: one image for both nodes; which
# one is primary is Patroni's decision, kept in etcd. Build from the repository root:
#   docker build -f docker/Patroni.Dockerfile -t alarm-monitoring/patroni .
FROM postgres:15-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends patroni python3-etcd \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/patroni/patroni.yml /etc/patroni/patroni.yml
COPY --chmod=0755 deploy/patroni/entrypoint.sh deploy/patroni/post-bootstrap.sh /usr/local/bin/
# Patroni runs PostgreSQL as the image's postgres user (uid 999), never root.
USER postgres
EXPOSE 5432 8008
# Patroni's REST API: 200 when PostgreSQL runs under Patroni (primary or replica).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8008 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
