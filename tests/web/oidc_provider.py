"""A small OpenID Connect provider on 127.0.0.1, standing in for ProConnect in the tests: the
authorisation code flow with PKCE (S256) and a nonce, RS256 ID tokens, a userinfo answered as a
signed JWT (as ProConnect does) and its keys at `/jwks`. Nothing leaves the machine.

The test says who logs in next (`provider.next_login = {...claims}`); `/authorize` answers at once
with a code for them, as if the agent had typed their password at their identity provider.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "pacte-test"
CLIENT_SECRET = "pacte-test-secret"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key"
        self.codes = {}
        self.access_tokens = {}
        self.next_login = {}
        self.token_requests = []
        # A test may spoil what the provider sends back, to see Pacte refuse it.
        self.spoil = None
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    # What the provider signs.

    def sign(self, claims, key=None):
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    # The WSGI application.

    def app(self, environ, start_response):
        path = environ["PATH_INFO"].removeprefix("/api/v2")
        query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", "")))
        handler = {
            "/authorize": self.authorize,
            "/token": self.token,
            "/userinfo": self.userinfo,
            "/jwks": lambda environ, query: (200, "application/json", json.dumps(self.jwks())),
        }.get(path)
        if handler is None:
            status, content_type, body = 404, "text/plain", "not found"
        else:
            status, content_type, body = handler(environ, query)
        if status == 302:
            start_response("302 Found", [("Location", body)])
            return [b""]
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", content_type)])
        return [body.encode()]

    def authorize(self, environ, query):
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert query.get("code_challenge_method") == "S256", "PKCE expected"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce"),
            "challenge": query["code_challenge"],
            "redirect_uri": query["redirect_uri"],
            "claims": dict(self.next_login),
        }
        target = f"{query['redirect_uri']}?{urllib.parse.urlencode({'code': code, 'state': query['state']})}"
        return 302, "", target

    def token(self, environ, query):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = dict(urllib.parse.parse_qsl(environ["wsgi.input"].read(length).decode()))
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code"), None)
        if grant is None or form.get("client_secret") != CLIENT_SECRET or form.get("client_id") != CLIENT_ID:
            return 400, "application/json", json.dumps({"error": "invalid_grant"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, "application/json", json.dumps({"error": "invalid_grant"})
        now = int(time.time())
        claims = grant["claims"]
        id_claims = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": claims.get("sub", "agent-1"),
            "iat": now,
            "exp": now + 60,
            "nonce": grant["nonce"],
            **{name: claims[name] for name in ("acr", "amr") if name in claims},
        }
        key = None
        if self.spoil == "nonce":
            id_claims["nonce"] = "another"
        elif self.spoil == "signature":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        access = secrets.token_urlsafe(16)
        self.access_tokens[access] = claims
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 60,
            "id_token": self.sign(id_claims, key),
        }
        return 200, "application/json", json.dumps(body)

    def userinfo(self, environ, query):
        bearer = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        claims = self.access_tokens.get(bearer)
        if claims is None:
            return 401, "application/json", json.dumps({"error": "invalid_token"})
        info = {
            "sub": claims.get("sub", "agent-1"),
            "email": claims.get("email"),
            "given_name": claims.get("given_name", "Camille"),
            "usual_name": claims.get("usual_name", "Agent"),
            "aud": CLIENT_ID,
            "iss": self.url,
        }
        return 200, "application/jwt", self.sign(info)
