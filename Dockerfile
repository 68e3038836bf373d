# kpibot in HTTP mode. Build and run:
#   docker build -t kpibot .
#   docker run --env-file .env -p 3000:3000 -v kpibot-data:/data kpibot
# Slack's request URLs: https://<your host>/slack/events (see manifest.yml and README.md).
# The image's settings (SLACK_MODE=http, PORT, the /data volume) are in docker/defaults.env:
# .env and -e values override them, and an empty value (`SLACK_MODE=`) leaves them alone.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KPI_DEFAULTS_FILE=/etc/kpibot/defaults.env

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY docker/defaults.env /etc/kpibot/defaults.env
RUN pip install . \
    && useradd --create-home --uid 10001 kpibot \
    && mkdir /data && chown kpibot:kpibot /data

# Never root; SQLite lives in the /data volume (a relative path in DATABASE_URL lands there),
# the only place it may write.
USER kpibot
VOLUME /data
EXPOSE 3000

# 200 only while the database answers (a 503 makes urlopen raise, so the check fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % (os.environ.get('PORT') or '3000'), timeout=4)"

# Python as PID 1 ignores SIGTERM; SIGINT stops it cleanly (KeyboardInterrupt).
STOPSIGNAL SIGINT
# Migrations first, then the bot (`kpibot run` would migrate too; this fails faster and louder).
CMD ["sh", "-c", "kpibot db upgrade && exec kpibot run"]
