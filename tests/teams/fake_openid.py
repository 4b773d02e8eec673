"""A local stand-in for the Bot Framework token service: OpenID configuration, signing keys, tokens.

It serves `/v1/.well-known/openidconfiguration` and the JWKS it names from an aiohttp server on
loopback, in its own thread with its own event loop: botbuilder 4.17 fetches the keys with the
blocking `requests`, which would otherwise stall the very loop the fake runs on. The RSA keys are
generated here with `cryptography`; the tokens are signed with PyJWT the way the channel signs them.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

CHANNEL_ISSUER = "https://api.botframework.com"


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeChannelAuthority:
    """Publishes two keys (one endorsed for Teams, one for Web Chat only) and keeps a third unpublished."""

    def __init__(self) -> None:
        self.keys = {"teams-key": _rsa_key(), "webchat-key": _rsa_key(), "stranger-key": _rsa_key()}
        self.endorsements = {"teams-key": ["msteams", "webchat"], "webchat-key": ["webchat"]}
        self.url = ""
        self.requests = 0
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-openid", daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    def jwks(self) -> dict:
        published = []
        for kid, endorsed in self.endorsements.items():
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.keys[kid].public_key()))
            published.append({**public, "kid": kid, "use": "sig", "endorsements": endorsed})
        return {"keys": published}

    async def _start(self) -> None:
        async def configuration(request: web.Request) -> web.Response:
            self.requests += 1
            return web.json_response({"issuer": CHANNEL_ISSUER, "jwks_uri": f"{self.url}/v1/.well-known/keys",
                                      "id_token_signing_alg_values_supported": ["RS256"],
                                      "token_endpoint_auth_methods_supported": ["private_key_jwt"]})

        async def keys(request: web.Request) -> web.Response:
            self.requests += 1
            return web.json_response(self.jwks())

        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", configuration)
        app.router.add_get("/v1/.well-known/keys", keys)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    def start(self) -> "FakeChannelAuthority":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def token(self, app_id: str, service_url: str, *, kid: str = "teams-key", signed_by: str | None = None,
              omit: tuple[str, ...] = (), algorithm: str = "RS256", **claims: Any) -> str:
        """A channel token as Teams sends it, with any claim overridden or left out."""
        now = int(time.time())
        payload: dict[str, Any] = {"serviceurl": service_url, "nbf": now - 60, "exp": now + 3600,
                                   "iss": CHANNEL_ISSUER, "aud": app_id}
        payload.update(claims)
        for name in omit:
            payload.pop(name, None)
        key: Any = self.keys[signed_by or kid] if algorithm.startswith("RS") else b"a-shared-secret-that-nobody-else-has-got-at-all"
        return jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid})
