package auth

import (
	"crypto/rsa"
	"fmt"
	"os"

	"github.com/golang-jwt/jwt/v5"
)

// LoadVerifier reads the RS256 public key used by the identity provider.
func LoadVerifier(path string) (*rsa.PublicKey, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read public key: %w", err)
	}
	return jwt.ParseRSAPublicKeyFromPEM(pem)
}

func ParseIDPToken(raw string, pub *rsa.PublicKey) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodRSA); !ok {
			return nil, fmt.Errorf("unexpected signing method: %v", t.Header["alg"])
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer("https://login.example.com/"))
	return claims, err
}

func ExpandedSecret() []byte {
	// The deploy manifest exports JWT_SECRET; expand it at run time.
	return []byte(os.ExpandEnv("${JWT_SECRET}"))
}
