package main

import (
	"log"
	"net/http"

	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"

	"example.com/go-svc/internal/auth"
	"example.com/go-svc/internal/config"
)

func main() {
	cfg, err := config.Load()
	if err != nil {
		log.Fatalf("config: %v", err)
	}

	issuer := auth.NewIssuer(cfg.JWTSecret, cfg.JWTIssuer, cfg.TokenTTL)

	e := echo.New()
	e.POST("/token", func(c echo.Context) error {
		tok, err := issuer.Sign(c.FormValue("username"))
		if err != nil {
			return echo.NewHTTPError(http.StatusInternalServerError, "could not sign token")
		}
		return c.JSON(http.StatusOK, map[string]string{"token": tok})
	})

	api := e.Group("/api")
	api.Use(echojwt.WithConfig(echojwt.Config{
		SigningKey:    cfg.JWTSecret,
		SigningMethod: "HS256",
		TokenLookup:   "header:Authorization:Bearer ,cookie:jwt",
	}))
	api.GET("/me", func(c echo.Context) error {
		return c.String(http.StatusOK, "secret")
	})

	log.Fatal(e.Start(cfg.ListenAddr))
}
