# Rasa server and bot service: Rasa's own image plus the project's package and model.
FROM rasa/rasa:3.6.21-full
USER root
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY bot ./bot
COPY actions ./actions
RUN pip install --no-cache-dir -c constraints.txt .
COPY config.yml domain.yml credentials.yml ./
COPY deploy/endpoints.production.yml ./endpoints.yml
COPY schools ./schools
COPY data ./data
COPY models ./models
USER 1001
