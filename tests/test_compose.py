"""docker-compose.yml is valid and describes the production topology with pinned images."""
import os
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from bot.settings import PROJECT_ROOT

IN_CI = os.environ.get("CI", "").lower() == "true"
SECRETS = {"POSTGRES_PASSWORD": "x", "RABBITMQ_PASSWORD": "y", "RASA_TOKEN": "z", "SECRET_KEY": "s"}


def _compose_config(env):
    if not shutil.which("docker-compose"):
        if IN_CI:
            pytest.fail("docker-compose is missing (make system-deps installs it)")
        pytest.skip("docker-compose is not installed")
    return subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid():
    result = _compose_config({**os.environ, **SECRETS})
    assert result.returncode == 0, result.stderr
    config = YAML(typ="safe").load(result.stdout)
    assert {"rasa-1", "rasa-2", "proxy", "actions", "bot", "postgres", "redis", "rabbitmq"} <= set(config["services"])
    for name, service in config["services"].items():
        image = service.get("image", "")
        assert ":" in image and not image.endswith(":latest"), f"{name} image is not pinned"


def test_compose_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    result = _compose_config(env)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_images_are_built_from_the_pinned_rasa_images():
    assert "FROM rasa/rasa:3.6.21-full" in (PROJECT_ROOT / "deploy/rasa.Dockerfile").read_text()
    assert "FROM rasa/rasa-sdk:3.6.2" in (PROJECT_ROOT / "deploy/actions.Dockerfile").read_text()


def test_two_rasa_replicas_behind_a_proxy_with_sticky_web_chat():
    result = _compose_config({**os.environ, **SECRETS})
    assert result.returncode == 0, result.stderr
    services = YAML(typ="safe").load(result.stdout)["services"]
    replicas = [services[name] for name in ("rasa-1", "rasa-2")]
    assert replicas[0]["image"] == replicas[1]["image"] and replicas[0]["command"] == replicas[1]["command"]
    for replica in replicas:
        env = replica["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and env["REDIS_HOST"] == "redis"
        assert env["RABBITMQ_HOST"] == "rabbitmq"
        assert {"postgres", "redis", "rabbitmq", "actions"} <= set(replica["depends_on"])
        assert "ports" not in replica  # only through the proxy
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:") and any("nginx.conf" in str(v) for v in proxy["volumes"])
    assert services["bot"]["environment"]["RASA_URL"] == "http://proxy:8081"
    assert services["bot"]["environment"]["AMQP_URL"].startswith("amqp://")

    nginx = (PROJECT_ROOT / "deploy/nginx.conf").read_text()
    sticky = nginx[nginx.index("upstream rasa_sticky"):]
    sticky = sticky[:sticky.index("}")]
    assert "hash $http_x_conversation_id consistent" in sticky
    assert "rasa-1:5005" in sticky and "rasa-2:5005" in sticky
    assert "location /webhooks/webchat/" in nginx and "proxy_pass http://rasa_sticky" in nginx


def test_the_replicas_endpoints_share_conversations_and_publish_events():
    import yaml  # PyYAML: Rasa, once imported, makes ruamel expand ${...} on loading

    endpoints = yaml.safe_load((PROJECT_ROOT / "deploy/endpoints.production.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "bot.tracker_store.SQLTrackerStore"
    assert endpoints["lock_store"]["type"] == "bot.lock_store.RedisQueueLockStore"
    assert endpoints["event_broker"]["type"] == "pika"
    assert endpoints["event_broker"]["queues"] == ["parent_support_events"]  # what the bot service consumes
    assert "COPY deploy/endpoints.production.yml ./endpoints.yml" in (PROJECT_ROOT / "deploy/rasa.Dockerfile").read_text()
