package config

import (
	"errors"
	"os"
	"time"
)

// Config is loaded from the environment at start-up.
type Config struct {
	JWTSecret   []byte        `json:"-"`
	JWTIssuer   string        `json:"jwt_issuer" yaml:"jwt_issuer"`
	TokenTTL    time.Duration `json:"token_ttl"`
	PublicKey   string        `json:"public_key_path"`
	ListenAddr  string        `json:"listen_addr"`
}

var ErrMissingSecret = errors.New("JWT_SECRET must be set")

func Load() (*Config, error) {
	secret := os.Getenv("JWT_SECRET")
	if secret == "" {
		return nil, ErrMissingSecret
	}
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	return &Config{
		JWTSecret:  []byte(secret),
		JWTIssuer:  "go-svc",
		TokenTTL:   15 * time.Minute,
		PublicKey:  "keys/public.pem",
		ListenAddr: addr,
	}, nil
}
