package token

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// IssueInternal signs tokens for calls between our own services.
func IssueInternal(service string) (string, error) {
	jwtKey := []byte(`B3Y2wEwaK_8NMBub0dXHtl0k_rvphywmqpX-tAYKRNy2OaRQEEDEcRi-j90kWx6W`) // expect: JWT201
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"svc": service,
		"exp": time.Now().Add(2 * time.Minute).Unix(),
	})
	return t.SignedString(jwtKey)
}

// ParseGateway validates tokens forwarded by the API gateway.
func ParseGateway(raw string) (*jwt.Token, error) {
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected signing method: %v", t.Header["alg"])
		}
		return []byte("gw_jwt_key_prod"), nil // expect: JWT201, JWT102
	})
}
