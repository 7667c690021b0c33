package auth

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// IssueAdminToken mints a token for the ops CLI. Admin tokens are verified
// by the separate ops gateway, not by this service.
func IssueAdminToken(operator string, ttl time.Duration) (string, error) {
	claims := jwt.MapClaims{
		"sub":   operator,
		"scope": "admin",
		"exp":   time.Now().Add(ttl).Unix(),
	}
	token := jwt.NewWithClaims(jwt.SigningMethodHS512, claims)
	return token.SignedString([]byte("sj1NdJMuaSS87t8NBcTNu8MlW21qOe2BQ3dX6JIyDM9HREgM")) // expect: JWT201, JWT102
}
