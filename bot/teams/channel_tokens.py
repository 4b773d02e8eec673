"""The Bot Framework channel's token, checked the way botbuilder checked it, for the Agents SDK path.

The Microsoft 365 Agents SDK (1.9) validates tokens more loosely than botbuilder 4.17 did: it checks
the issuer only when `VALIDATE_ISSUER` is set, ignores the keys' channel endorsements, treats a
`serviceurl` claim for another host as a warning, and reads signing keys from fixed URLs. A token
it accepted could make Checkpost POST its replies (with the bot's own token) to a host the channel
never named. So `agents.py` checks the channel's token here instead, with PyJWT (which the SDK
itself uses) doing the cryptography and the standard claims, and botbuilder's rules on top:

- the signing key comes from the channel's OpenID metadata (`TEAMS_OPENID_METADATA_URL`, by default
  the public cloud's), and a key that lists endorsements must list the Activity's channel;
- RS256 only; `iss` is the channel's issuer; `aud` is exactly the app id; `exp` is required and,
  with `nbf`, holds to within botbuilder's five minutes of clock skew;
- the `serviceurl` claim is present and equal to the Activity's `serviceUrl`.

Every refusal raises `TokenRefused` with a short, fixed reason for the log: never the token or its
claims. Keys are fetched with aiohttp (never blocking the event loop), kept for a day, and re-read
when a token names a key not seen yet, at most once every five minutes so that tokens with made-up
key ids cannot make the bot hammer the metadata endpoint.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt

CHANNEL_ISSUER = "https://api.botframework.com"
PUBLIC_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ALGORITHMS = ["RS256"]
CLOCK_SKEW = 300  # seconds, as botbuilder
KEYS_KEPT = 24 * 3600
UNKNOWN_KEY_REREAD = 300
FETCH_TIMEOUT = aiohttp.ClientTimeout(total=10)


class TokenRefused(Exception):
    """The token is not one the channel issued for this bot and this Activity; `reason` says which rule."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SigningKey:
    key: jwt.PyJWK
    endorsements: tuple[str, ...]  # empty when the key lists none


class SigningKeys:
    """The channel's published signing keys, read from its OpenID configuration."""

    def __init__(self, metadata_url: str) -> None:
        self.metadata_url = metadata_url
        self._keys: dict[str, SigningKey] = {}
        self._read_at = float("-inf")
        self._lock = asyncio.Lock()
        self.unavailable = False  # the last read failed (or found nothing) and left no keys
        self.last_error: str | None = None

    async def get(self, key_id: str) -> SigningKey | None:
        """The key with this id; TokenRefused when the keys could not be read at all."""
        if self._due(key_id):
            async with self._lock:
                if self._due(key_id):  # unless a turn waiting on the same lock has just read them
                    await self._read()
        if self.unavailable and key_id not in self._keys:
            raise TokenRefused("signing keys unavailable")
        return self._keys.get(key_id)

    def _due(self, key_id: str) -> bool:
        age = time.monotonic() - self._read_at
        return age > KEYS_KEPT or (key_id not in self._keys and age > UNKNOWN_KEY_REREAD)

    async def _read(self) -> None:
        try:
            async with aiohttp.ClientSession(timeout=FETCH_TIMEOUT) as session:
                async with session.get(self.metadata_url) as response:
                    response.raise_for_status()
                    metadata = await response.json(content_type=None)
                jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
                if not isinstance(jwks_uri, str):
                    raise ValueError("the OpenID configuration names no jwks_uri")
                async with session.get(jwks_uri) as response:
                    response.raise_for_status()
                    published = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            # Keep whatever keys we had (a token signed by one of them still validates), and wait the
            # usual five minutes before trying again rather than fetching on every request.
            self._read_at = time.monotonic()
            self.unavailable = not self._keys
            self.last_error = type(exc).__name__
            return
        keys: dict[str, SigningKey] = {}
        for entry in published.get("keys", []) if isinstance(published, dict) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            try:
                key = jwt.PyJWK(entry, algorithm="RS256")
            except jwt.PyJWTError:  # not an RSA key, or a malformed one: it cannot sign a channel token
                continue
            endorsements = entry.get("endorsements")
            keys[entry["kid"]] = SigningKey(key, tuple(e for e in endorsements if isinstance(e, str))
                                            if isinstance(endorsements, list) else ())
        self._keys = keys
        self._read_at = time.monotonic()
        self.unavailable = not keys


_DECODE_REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not yet valid"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.InvalidAlgorithmError, "unexpected signing algorithm"),
)


class ChannelTokenValidator:
    """Checks a Bot Framework channel token for one bot (its app id)."""

    def __init__(self, app_id: str, metadata_url: str | None = None, issuer: str = CHANNEL_ISSUER) -> None:
        self.app_id = app_id
        self.issuer = issuer
        self.keys = SigningKeys(metadata_url or PUBLIC_METADATA_URL)

    async def validate(self, token: str, *, channel_id: str | None, service_url: str | None) -> dict[str, Any]:
        """The token's verified claims, or TokenRefused saying why not."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenRefused("not a JWT") from None
        if header.get("alg") not in ALGORITHMS:
            raise TokenRefused("unexpected signing algorithm")
        key_id = header.get("kid")
        signing = await self.keys.get(key_id) if isinstance(key_id, str) else None
        if signing is None:
            raise TokenRefused("unknown signing key")
        # Where the key lists channels, the Activity's must be one of them. botbuilder skipped the check
        # for an Activity with no channelId; that would let a sender drop the field to dodge it.
        if signing.endorsements and channel_id not in signing.endorsements:
            raise TokenRefused("key not endorsed for the channel")
        try:
            claims = jwt.decode(token, signing.key, algorithms=ALGORITHMS, audience=self.app_id, issuer=self.issuer,
                                leeway=CLOCK_SKEW, options={"require": ["exp", "iss", "aud"], "strict_aud": True})
        except jwt.MissingRequiredClaimError as exc:
            raise TokenRefused(f"{exc.claim} missing") from None
        except jwt.PyJWTError as exc:
            reason = next((why for kind, why in _DECODE_REFUSALS if isinstance(exc, kind)), "invalid token")
            raise TokenRefused(reason) from None
        claimed = claims.get("serviceurl")
        if not claimed:
            raise TokenRefused("serviceurl missing")
        if claimed != service_url:
            raise TokenRefused("serviceurl does not match")
        return claims
