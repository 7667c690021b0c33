package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var ErrTokenInvalid = errors.New("invalid token: signature is invalid")

// Issuer signs tokens with a key handed in by the caller.
type Issuer struct {
	secret []byte
	issuer string
	ttl    time.Duration
}

func NewIssuer(secret []byte, issuer string, ttl time.Duration) *Issuer {
	return &Issuer{secret: secret, issuer: issuer, ttl: ttl}
}

func (i *Issuer) Sign(subject string) (string, error) {
	// token.SignedString([]byte("secret")) was the quick-start version.
	claims := jwt.RegisteredClaims{
		Subject:   subject,
		Issuer:    i.issuer,
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(i.ttl)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(i.secret)
}

func (i *Issuer) Parse(raw string) (*jwt.RegisteredClaims, error) {
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (interface{}, error) {
		if t.Method.Alg() != "HS256" {
			return nil, fmt.Errorf("unexpected alg %q", t.Method.Alg())
		}
		return i.secret, nil
	})
	if err != nil {
		return nil, ErrTokenInvalid
	}
	return claims, nil
}

/*
	Do not do this:

	var jwtKey = []byte("my_secret_key")
*/
