# gladshare: build a wheel, then run it on a slim image as an unprivileged user.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir build && python -m build --wheel --outdir /wheels \
 && pip wheel --no-cache-dir --wheel-dir /wheels /wheels/gladshare-*.whl

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    GLADSHARE_VAR_DIR=/var/lib/gladshare
RUN useradd --system --create-home --home-dir /home/gladshare gladshare \
 && mkdir -p /var/lib/gladshare && chown gladshare /var/lib/gladshare
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels gladshare && rm -rf /wheels
# The wheel carries the migrations (migrations/, installed as app/migrations/): `serve` and `migrate` need nothing else.
WORKDIR /home/gladshare
USER gladshare
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
# `serve` migrates to head first, then starts uvicorn.
CMD ["gladshare", "serve", "--host", "0.0.0.0", "--port", "8000"]
