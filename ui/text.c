/* text.c — SDL2_ttf text with a texture cache. */
#include "text.h"

#include "ui/bidi.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FONT_SIZES_MAX 16
#define CACHE_SLOTS    128
#define TEXT_MAX       256

struct font_size {
	enum ui_font font;
	int px;
	TTF_Font *f;
};

struct cache_entry {
	bool used;
	enum ui_font font;
	int px;
	uint32_t rgba;
	bool rtl;
	char s[TEXT_MAX];
	SDL_Texture *tex;
	int w, h;
	unsigned long last_use;
};

struct ui_text {
	SDL_Renderer *r;
	char *paths[UI_FONT_COUNT];
	struct font_size sizes[FONT_SIZES_MAX];
	size_t n_sizes;
	struct cache_entry cache[CACHE_SLOTS];
	size_t bytes, budget; /* pixel bytes held by the cache, and their limit */
	unsigned long tick, rendered, hits;
	bool rtl; /* base direction of paragraphs */
};

void ui_text_set_rtl(struct ui_text *t, bool rtl)
{
	t->rtl = rtl;
}

/* Does the UTF-8 string hold a letter of a right-to-left script (Hebrew, Arabic and their
 * presentation forms)? Only such strings take the bidi path. */
static bool has_rtl(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* U+0590..U+08FF: lead bytes D6..E0 A3; U+FB1D..U+FEFF: EF AC..EF BB */
		if (*p >= 0xD6 && *p <= 0xDF)
			return true;
		if (p[0] == 0xE0 && p[1] >= 0xA0 && p[1] <= 0xA3)
			return true;
		if (p[0] == 0xEF && p[1] >= 0xAC && p[1] <= 0xBB)
			return true;
	}
	return false;
}

/* Renders a line with mixed directions: the line is cut into runs of one embedding level in
 * visual order (ui/bidi.c, FriBidi), each run is shaped by HarfBuzz (through SDL_ttf) in its
 * own direction, and the runs are placed left to right. */
static SDL_Surface *render_bidi(TTF_Font *f, const char *s, SDL_Color c, bool rtl)
{
	struct ui_bidi_run runs[UI_BIDI_RUNS_MAX];
	SDL_Surface *surf[UI_BIDI_RUNS_MAX] = { 0 };
	int total_w = 0, max_h = 0;
	int n = ui_bidi_visual_runs(s, rtl, runs, UI_BIDI_RUNS_MAX);

	if (n <= 0)
		return NULL;
	for (int r = 0; r < n; r++) {
		char utf8[TEXT_MAX];
		if (runs[r].len >= sizeof(utf8))
			continue;
		memcpy(utf8, s + runs[r].start, runs[r].len);
		utf8[runs[r].len] = 0;
		bool odd = runs[r].level & 1;
		TTF_SetFontDirection(f, odd ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
		TTF_SetFontScriptName(f, odd && has_rtl(utf8) ? "Arab" : "Zyyy");
		surf[r] = *utf8 ? TTF_RenderUTF8_Blended(f, utf8, c) : NULL;
		if (surf[r]) {
			total_w += surf[r]->w;
			if (surf[r]->h > max_h)
				max_h = surf[r]->h;
		}
	}
	TTF_SetFontDirection(f, TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(f, "Zyyy");
	SDL_Surface *out = NULL;
	if (total_w > 0 && max_h > 0)
		out =
		    SDL_CreateRGBSurfaceWithFormat(0, total_w, max_h, 32, SDL_PIXELFORMAT_ARGB8888);
	for (int r = 0, x = 0; r < n && out; r++) {
		if (!surf[r])
			continue;
		SDL_Rect dst = { x, 0, surf[r]->w, surf[r]->h };
		SDL_SetSurfaceBlendMode(surf[r], SDL_BLENDMODE_NONE);
		SDL_BlitSurface(surf[r], NULL, out, &dst);
		x += surf[r]->w;
	}
	for (int r = 0; r < n; r++)
		SDL_FreeSurface(surf[r]);
	return out;
}

static int ttf_users;

int ui_text_new(SDL_Renderer *r, const char *regular_ttf, const char *bold_ttf,
                struct ui_text **out)
{
	struct ui_text *t;
	FILE *f;

	*out = NULL;
	for (int i = 0; i < 2; i++) {
		f = fopen(i ? bold_ttf : regular_ttf, "rb");
		if (!f)
			return -ENOENT;
		fclose(f);
	}
	if (ttf_users == 0 && TTF_Init() != 0)
		return -EIO;
	ttf_users++;
	t = calloc(1, sizeof(*t));
	if (!t) {
		if (--ttf_users == 0)
			TTF_Quit();
		return -ENOMEM;
	}
	t->r = r;
	t->budget = UI_TEXT_CACHE_BYTES;
	t->paths[UI_FONT_REGULAR] = strdup(regular_ttf);
	t->paths[UI_FONT_BOLD] = strdup(bold_ttf);
	if (!t->paths[0] || !t->paths[1]) {
		ui_text_free(t);
		return -ENOMEM;
	}
	*out = t;
	return 0;
}

void ui_text_free(struct ui_text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (t->cache[i].tex)
			SDL_DestroyTexture(t->cache[i].tex);
	for (size_t i = 0; i < t->n_sizes; i++)
		TTF_CloseFont(t->sizes[i].f);
	for (int i = 0; i < UI_FONT_COUNT; i++)
		free(t->paths[i]);
	free(t);
	if (--ttf_users == 0)
		TTF_Quit();
}

static TTF_Font *font_at(struct ui_text *t, enum ui_font font, int px)
{
	for (size_t i = 0; i < t->n_sizes; i++)
		if (t->sizes[i].font == font && t->sizes[i].px == px)
			return t->sizes[i].f;
	TTF_Font *f = TTF_OpenFont(t->paths[font], px);
	if (!f)
		return NULL;
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	if (t->n_sizes == FONT_SIZES_MAX) {
		/* Sizes change only with the window size: start over. */
		for (size_t i = 0; i < t->n_sizes; i++)
			TTF_CloseFont(t->sizes[i].f);
		t->n_sizes = 0;
	}
	t->sizes[t->n_sizes++] = (struct font_size){ font, px, f };
	return f;
}

int ui_text_width(struct ui_text *t, enum ui_font font, int px, const char *s)
{
	TTF_Font *f = font_at(t, font, px);
	int w = 0, h = 0;

	if (!f || !*s || TTF_SizeUTF8(f, s, &w, &h))
		return 0;
	return w;
}

static void evict(struct ui_text *t, struct cache_entry *e)
{
	if (e->tex)
		SDL_DestroyTexture(e->tex);
	t->bytes -= (size_t)e->w * (size_t)e->h * 4;
	memset(e, 0, sizeof(*e));
}

/* The least recently used entry in use, or NULL. */
static struct cache_entry *oldest(struct ui_text *t)
{
	struct cache_entry *o = NULL;

	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (t->cache[i].used && (!o || t->cache[i].last_use < o->last_use))
			o = &t->cache[i];
	return o;
}

/* One texture per font, size, colour and text. (Rendering white and tinting at draw time
 * would share textures between colours, but SDL's software renderer then leaves its fast blit
 * path: frames took four times as long.) */
static struct cache_entry *lookup(struct ui_text *t, enum ui_font font, int px, SDL_Color c,
                                  const char *s)
{
	uint32_t rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
	struct cache_entry *slot = NULL;

	t->tick++;
	bool bidi = has_rtl(s);
	bool rtl = bidi && t->rtl;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cache_entry *e = &t->cache[i];
		if (e->used && e->font == font && e->px == px && e->rgba == rgba && e->rtl == rtl &&
		    !strcmp(e->s, s)) {
			e->last_use = t->tick;
			t->hits++;
			return e;
		}
		if (!e->used && !slot)
			slot = e;
	}
	TTF_Font *f = font_at(t, font, px);
	if (!f)
		return NULL;
	SDL_Surface *surf;
	surf = bidi ? render_bidi(f, s, c, rtl) : TTF_RenderUTF8_Blended(f, s, c);
	if (!surf)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(t->r, surf);
	int w = surf->w, h = surf->h;
	SDL_FreeSurface(surf);
	if (!tex)
		return NULL;
	/* Room: a free slot, within the byte budget (the newest texture always stays). */
	size_t need = (size_t)w * (size_t)h * 4;
	struct cache_entry *o;
	while ((!slot || t->bytes + need > t->budget) && (o = oldest(t)) != NULL) {
		evict(t, o);
		if (!slot)
			slot = o;
	}
	slot->used = true;
	slot->font = font;
	slot->px = px;
	slot->rgba = rgba;
	slot->rtl = rtl;
	snprintf(slot->s, sizeof(slot->s), "%s", s);
	slot->tex = tex;
	slot->w = w;
	slot->h = h;
	slot->last_use = t->tick;
	t->bytes += need;
	t->rendered++;
	return slot;
}

int ui_text_draw(struct ui_text *t, enum ui_font font, int px, SDL_Color color, const char *s,
                 int x, int y, int w, int h, enum ui_align align)
{
	if (!s || !*s)
		return 0;
	if (strlen(s) >= TEXT_MAX)
		return -E2BIG;
	/* Too wide: step the size down until it fits (each size is cached). */
	while (px > 8 && ui_text_width(t, font, px, s) > w)
		px = px * 9 / 10;
	struct cache_entry *e = lookup(t, font, px, color, s);
	if (!e)
		return -EIO;
	SDL_Rect dst = { x, y + (h - e->h) / 2, e->w, e->h };
	if (align == UI_ALIGN_CENTER)
		dst.x = x + (w - e->w) / 2;
	else if (align == UI_ALIGN_RIGHT)
		dst.x = x + w - e->w;
	return SDL_RenderCopy(t->r, e->tex, NULL, &dst) ? -EIO : 0;
}

void ui_text_stats(const struct ui_text *t, unsigned long *rendered, unsigned long *hits)
{
	*rendered = t->rendered;
	*hits = t->hits;
}

size_t ui_text_cache_bytes(const struct ui_text *t)
{
	return t->bytes;
}

void ui_text_set_cache_budget(struct ui_text *t, size_t bytes)
{
	struct cache_entry *o;

	t->budget = bytes;
	while (t->bytes > t->budget && (o = oldest(t)) != NULL)
		evict(t, o);
}
