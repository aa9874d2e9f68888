# Action server: rasa-sdk's image plus the project's actions and the bot package they call.
FROM rasa/rasa-sdk:3.6.2
USER root
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY bot ./bot
COPY actions ./actions
RUN pip install --no-cache-dir -c constraints.txt "SQLAlchemy==1.4.54" "alembic==1.19.2" \
    "psycopg2-binary==2.9.13" "ruamel.yaml==0.17.21" "python-dotenv==1.2.4" "twilio==8.2.2" \
    "argon2-cffi==25.1.0" "textstat==0.7.4"
COPY schools ./schools
COPY data ./data
USER 1001
ENTRYPOINT []
CMD ["python", "-m", "bot", "actions"]
