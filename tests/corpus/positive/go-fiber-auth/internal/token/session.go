package token

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const signingSecret = "the_quick_brown_fox_jumps_over_the_lazy_dog_jwt_key" // expect: JWT201, JWT103

const sessionTTL = 12 * time.Hour

type SessionClaims struct {
	UserID string `json:"uid"`
	jwt.RegisteredClaims
}

func NewSession(userID string) (string, error) {
	claims := SessionClaims{
		UserID: userID,
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(sessionTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(signingSecret))
}

func ReadSession(raw string) (*SessionClaims, error) {
	claims := &SessionClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (interface{}, error) {
		return []byte(signingSecret), nil
	}, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		return nil, errors.New("session expired or invalid")
	}
	return claims, nil
}
