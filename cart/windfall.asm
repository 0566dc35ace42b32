; Windfall: an Atari 2600 game written for this project.
;
; Apples and stones fall from the sky. Move the basket with the joystick to
; catch the apples (one point each) and dodge the stones: a stone caught in
; the basket costs a life. An apple that reaches the ground is lost, but
; costs nothing. Every ten apples raise the level, and both objects fall
; faster. The game is over when
; the last life is lost; press RESET at any time, or FIRE after the game is
; over, to start a new game.
;
; Cartridge: 4K, no bank switching, NTSC. Assemble with dasm 2.20:
;   dasm cart/windfall.asm -f3 -ocart/windfall.bin
;
; Frame layout (262 scanlines, timed with the RIOT interval timer):
;     3 lines VSYNC
;    37 lines VBLANK: object positioning, score digit rows
;   192 visible lines:
;         4 blank, 10 score (4 digits, 2 lines per font row), 2 blank,
;         4 lives, 2 blank, 168 play field (84 rows of 2 lines), 2 ground
;    30 lines overscan: input and game logic
;
; Coordinates: x is the horizontal position passed to SetHorizPos
; (0..159, colour clocks after HBLANK, give or take the TIA's fixed offset),
; y counts 2-line rows of the play field from the top (0..83).
;
; RAM: the variables below are in declaration order from $80, so RAM index
; i (as ALE's getRAM() returns it) is address $80 + i. The two LFSR bytes come
; first and are never cleared, so a console reset continues the random
; sequence of the previous game.

        processor 6502

; ---------------------------------------------------------------- TIA write
VSYNC   = $00
VBLANK  = $01
WSYNC   = $02
NUSIZ0  = $04
NUSIZ1  = $05
COLUP0  = $06
COLUP1  = $07
COLUPF  = $08
COLUBK  = $09
CTRLPF  = $0A
PF0     = $0D
PF1     = $0E
PF2     = $0F
RESP0   = $10
GRP0    = $1B
GRP1    = $1C
ENABL   = $1F
HMP0    = $20
HMOVE   = $2A
HMCLR   = $2B

; ---------------------------------------------------------------- TIA read
INPT4   = $0C               ; bit 7 = 0 while the left FIRE button is down

; ---------------------------------------------------------------- RIOT
SWCHA   = $0280             ; left joystick in bits 7..4, 0 = pressed
SWCHB   = $0282             ; console switches, bit 0 = 0 while RESET is down
INTIM   = $0284
TIM64T  = $0296

; ---------------------------------------------------------------- objects
OBJ_P0  = 0                 ; offsets from RESP0/HMP0 for SetHorizPos
OBJ_P1  = 1
OBJ_BL  = 4

; ---------------------------------------------------------------- constants
VBLANK_TIMER    = 44        ; INTIM reads 0 after 43 * 64 = 2752 cycles
OVERSCAN_TIMER  = 35        ; INTIM reads 0 after 34 * 64 = 2176 cycles
OVERSCAN_DELAY  = 6         ; 5 cycles per loop round
SCORE_LINES     = 10        ; 5 font rows, 2 lines each
LIVES_LINES     = 4
PLAY_ROWS       = 84        ; play field height in 2-line rows

BASKET_H        = 4         ; sprite heights in rows
APPLE_H         = 4
STONE_H         = 3

MIN_X           = 8         ; every object stays within MIN_X..MAX_X
MAX_X           = 144
PLAYER_MIN_Y    = 52        ; the basket moves in the lower third
PLAYER_MAX_Y    = PLAY_ROWS - BASKET_H
APPLE_MAX_Y     = PLAY_ROWS - APPLE_H   ; an apple below this is on the ground
STONE_MAX_Y     = PLAY_ROWS - STONE_H
PLAYER_START_X  = 76
PLAYER_START_Y  = PLAYER_MAX_Y
PLAYER_STEP_X   = 2         ; pixels per frame
PLAYER_STEP_Y   = 1         ; rows per frame

START_LIVES     = 3
MAX_LEVEL       = 9
CATCHES_PER_LEVEL = 10
APPLE_SPEED     = 160       ; fall speed at level 0, in 1/256 rows per frame
APPLE_SPEED_UP  = 8         ; added per level
STONE_SPEED     = 128
STONE_SPEED_UP  = 12
SPAWN_X_MASK    = %01111111 ; spawn x = MIN_X + (random & mask), 8..135
LFSR_TAPS       = $B4       ; Galois LFSR x^16 + x^14 + x^13 + x^11 + 1
LFSR_SEED_HI    = $A7       ; used when the LFSR holds the stuck all-zero state
LFSR_SEED_LO    = $1D

SKY_COLOR       = $84
SCORE_COLOR     = $0E
LIVES_COLOR     = $1A
BASKET_COLOR    = $F6
APPLE_COLOR     = $36
STONE_COLOR     = $08       ; the ball takes the playfield colour
GROUND_COLOR    = $C4

; ---------------------------------------------------------------- RAM
        seg.u vars
        org $80
RandLo      ds 1            ;  0 LFSR, kept across resets
RandHi      ds 1            ;  1
FrameCount  ds 1            ;  2 frames since power-on, mod 256
PlayerX     ds 1            ;  3 basket
PlayerY     ds 1            ;  4
AppleX      ds 1            ;  5 apple (player 1 sprite)
AppleY      ds 1            ;  6
AppleFrac   ds 1            ;  7 apple y, fraction of a row
StoneX      ds 1            ;  8 stone (the TIA ball)
StoneY      ds 1            ;  9
StoneFrac   ds 1            ; 10
ScoreHi     ds 1            ; 11 BCD thousands and hundreds
ScoreLo     ds 1            ; 12 BCD tens and ones
Lives       ds 1            ; 13 0 = game over
Level       ds 1            ; 14 0..MAX_LEVEL
CatchCount  ds 1            ; 15 apples caught in this level, 0..9
ScorePF1    ds 5            ; 16 font rows of ScoreHi for PF1
ScorePF2    ds 5            ; 21 font rows of ScoreLo for PF2 (mirrored)
GfxBasket   ds 1            ; 26 kernel: next row's GRP0
GfxApple    ds 1            ; 27 kernel: next row's GRP1
GfxStone    ds 1            ; 28 kernel: next row's ENABL
Temp        ds 1            ; 29
RAM_CLEAR_FROM = FrameCount

; ---------------------------------------------------------------- code
        seg code
        org $F000

Start:
        SUBROUTINE
        sei
        cld
        ldx #$FF
        txs
        lda #0
        ldx #$3F
.clearTia:
        sta $00,x
        dex
        bpl .clearTia
        ldx #RAM_CLEAR_FROM
.clearRam:
        sta $00,x
        inx
        bne .clearRam
        lda RandLo
        ora RandHi
        bne .seeded
        lda #LFSR_SEED_LO
        sta RandLo
        lda #LFSR_SEED_HI
        sta RandHi
.seeded:
        lda #%00100000      ; ball 4 pixels wide, playfield not reflected
        sta CTRLPF
        jsr NewGame
        lda #%00000010
        sta VBLANK

; ---------------------------------------------------------------- frame
MainLoop:
        SUBROUTINE
        lda #%00000010      ; VSYNC on for 3 lines
        sta WSYNC
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        lda #VBLANK_TIMER
        sta TIM64T

        jsr PositionObjects
        jsr BuildScoreRows

.waitVblank:
        lda INTIM
        bne .waitVblank
        sta WSYNC
        sta VBLANK          ; A = 0: beam on, visible line 0 starts
        jsr DrawScreen

        lda #%00000010      ; visible line 192: overscan
        sta VBLANK
        ldx #OVERSCAN_DELAY ; moves the timer's end to mid-line 261, so
.delay:                     ; the wait below ends in that line with a
        dex                 ; margin of about 30 cycles either way
        bne .delay
        lda #OVERSCAN_TIMER
        sta TIM64T
        jsr UpdateGame
.waitOverscan:
        lda INTIM
        bne .waitOverscan
        jmp MainLoop

; ---------------------------------------------------------------- VBLANK
; Sets the fine and coarse horizontal positions of the three objects: four
; scanlines, then one HMOVE line.
PositionObjects:
        SUBROUTINE
        lda PlayerX
        ldx #OBJ_P0
        jsr SetHorizPos
        lda AppleX
        ldx #OBJ_P1
        jsr SetHorizPos
        lda StoneX
        ldx #OBJ_BL
        jsr SetHorizPos
        sta WSYNC
        sta HMOVE
        rts

; A = x position (0..159), X = object offset. Waits for the next line, then
; counts 15 pixels (5 CPU cycles) per loop round for the coarse position and
; sets the remainder as the fine motion, which the next HMOVE applies.
SetHorizPos:
        SUBROUTINE
        sta WSYNC
        sec
.divide15:
        sbc #15
        bcs .divide15
        eor #%00000111      ; remainder -15..-1 to motion +7..-7
        asl
        asl
        asl
        asl
        sta HMP0,x
        sta RESP0,x
        rts

; Looks up the 5 font rows of both score bytes. PF1 shows ScoreHi (bit 7 is
; the leftmost pixel), PF2 shows ScoreLo with the mirrored font because PF2's
; bit 0 is its leftmost pixel. Each font byte holds the digit in both nibbles.
BuildScoreRows:
        SUBROUTINE
        ldy #0
.row:
        lda ScoreHi
        jsr DigitOffsets    ; X = tens offset, Temp = ones offset
        lda Font,x
        and #%11110000
        sta ScorePF1,y
        ldx Temp
        lda Font,x
        and #%00001111
        ora ScorePF1,y
        sta ScorePF1,y

        lda ScoreLo
        jsr DigitOffsets
        lda FontMirrored,x
        and #%00001111
        sta ScorePF2,y
        ldx Temp
        lda FontMirrored,x
        and #%11110000
        ora ScorePF2,y
        sta ScorePF2,y
        iny
        cpy #5
        bne .row
        rts

; A = BCD byte, Y = font row. Returns X = 5 * tens + Y and Temp = 5 * ones + Y.
DigitOffsets:
        SUBROUTINE
        pha
        lsr
        lsr
        lsr
        lsr
        jsr TimesFivePlusRow
        tax
        pla
        and #%00001111
        jsr TimesFivePlusRow
        sta Temp
        rts

; Returns A * 5 + Y in A; overwrites Temp.
TimesFivePlusRow:
        SUBROUTINE
        sta Temp
        asl
        asl
        clc
        adc Temp
        sty Temp
        clc
        adc Temp
        rts

; ---------------------------------------------------------------- kernel
; Draws the 192 visible lines; every "sta WSYNC" below ends one line.
DrawScreen:
        SUBROUTINE
        lda #SKY_COLOR
        sta COLUBK
        lda #SCORE_COLOR
        sta COLUPF
        ldx #4              ; lines 0..3: blank
.top:
        sta WSYNC
        dex
        bne .top

        ldy #0              ; lines 4..13: score
.scoreLine:
        tya
        lsr
        tax
        lda ScorePF1,x      ; PF1 and PF2 left halves: four digits
        sta PF1
        lda ScorePF2,x
        sta PF2
        ldx #4              ; clear both after the left half is drawn and
.scoreDelay:                ; before the right half repeats them:
        dex                 ; PF1 write at about cycle 49, PF2 at about 52
        bne .scoreDelay
        lda #0
        sta PF1
        sta PF2
        iny
        cpy #SCORE_LINES
        sta WSYNC
        bne .scoreLine

        sta WSYNC           ; lines 14..15: blank
        lda #LIVES_COLOR
        sta COLUPF
        ldx Lives
        lda LivesGfx,x
        sta Temp
        sta WSYNC

        ldy #LIVES_LINES    ; lines 16..19: one block per life
.livesLine:
        lda Temp
        sta PF1
        ldx #6              ; clear PF1 at about cycle 45, between its halves
.livesDelay:
        dex
        bne .livesDelay
        lda #0
        sta PF1
        dey
        sta WSYNC
        bne .livesLine

        lda #BASKET_COLOR   ; lines 20..21: colours for the play field
        sta COLUP0
        lda #APPLE_COLOR
        sta COLUP1
        lda #STONE_COLOR
        sta COLUPF
        sta WSYNC
        sta WSYNC

        ldy #0              ; lines 22..189: play field, 2 lines per row
.playRow:                   ; line 1 of row Y: look up the row's graphics
        tya
        sec
        sbc PlayerY
        cmp #BASKET_H
        bcs .noBasket
        tax
        lda BasketGfx,x
        bcc .basketDone     ; always taken: carry is still clear
.noBasket:
        lda #0
.basketDone:
        sta GfxBasket

        tya
        sec
        sbc AppleY
        cmp #APPLE_H
        bcs .noApple
        tax
        lda AppleGfx,x
        bcc .appleDone
.noApple:
        lda #0
.appleDone:
        sta GfxApple

        tya
        sec
        sbc StoneY
        cmp #STONE_H
        lda #0
        bcs .stoneDone
        lda #%00000010
.stoneDone:
        sta GfxStone

        sta WSYNC           ; line 2 of row Y: show it
        lda GfxBasket
        sta GRP0
        lda GfxApple
        sta GRP1
        lda GfxStone
        sta ENABL
        iny
        cpy #PLAY_ROWS
        sta WSYNC
        bne .playRow

        lda #0              ; lines 190..191: ground
        sta GRP0
        sta GRP1
        sta ENABL
        lda #GROUND_COLOR
        sta COLUPF
        lda #$FF
        sta PF0
        sta PF1
        sta PF2
        sta WSYNC
        sta WSYNC
        lda #0
        sta PF0
        sta PF1
        sta PF2
        rts

; ---------------------------------------------------------------- logic
; One frame of game logic, run in the overscan.
UpdateGame:
        SUBROUTINE
        inc FrameCount
        jsr NextRandom

        lda SWCHB           ; RESET switch: new game, every frame it is held
        and #%00000001
        bne .noReset
        jmp NewGame
.noReset:
        lda Lives
        bne .playing
        bit INPT4           ; game over: FIRE starts a new game
        bmi .done
        jmp NewGame
.playing:
        jsr MoveBasket
        jsr MoveApple
        jsr MoveStone
.done:
        rts

; Joystick bits 7..4 of SWCHA: right, left, down, up; 0 = pressed.
MoveBasket:
        SUBROUTINE
        lda SWCHA
        sta Temp
        asl Temp
        bcs .notRight
        lda PlayerX
        clc
        adc #PLAYER_STEP_X
        cmp #MAX_X + 1
        bcs .notRight
        sta PlayerX
.notRight:
        asl Temp
        bcs .notLeft
        lda PlayerX
        sec
        sbc #PLAYER_STEP_X
        cmp #MIN_X
        bcc .notLeft
        sta PlayerX
.notLeft:
        asl Temp
        bcs .notDown
        lda PlayerY
        cmp #PLAYER_MAX_Y
        bcs .notDown
        adc #PLAYER_STEP_Y  ; carry is clear
        sta PlayerY
.notDown:
        asl Temp
        bcs .notUp
        lda PlayerY
        cmp #PLAYER_MIN_Y + 1
        bcc .notUp
        sbc #PLAYER_STEP_Y  ; carry is set
        sta PlayerY
.notUp:
        rts

MoveApple:
        SUBROUTINE
        ldx Level           ; fall by the level's speed
        lda AppleFrac
        clc
        adc AppleSpeed,x
        sta AppleFrac
        bcc .fallen
        inc AppleY
.fallen:
        lda AppleX          ; caught: |dx| <= 7 and |dy| <= 3
        sec
        sbc PlayerX
        clc
        adc #7
        cmp #15
        bcs .notCaught
        lda AppleY
        sec
        sbc PlayerY
        clc
        adc #APPLE_H - 1
        cmp #APPLE_H + BASKET_H - 1
        bcs .notCaught
        jsr AddPoint
        jmp SpawnApple
.notCaught:
        lda AppleY
        cmp #APPLE_MAX_Y + 1
        bcc .inAir
        jmp SpawnApple      ; on the ground: a new apple
.inAir:
        rts

MoveStone:
        SUBROUTINE
        ldx Level
        lda StoneFrac
        clc
        adc StoneSpeed,x
        sta StoneFrac
        bcc .fallen
        inc StoneY
.fallen:
        lda StoneX          ; hit: the 4-pixel ball overlaps the basket
        sec
        sbc PlayerX
        clc
        adc #3
        cmp #11
        bcs .missed
        lda StoneY
        sec
        sbc PlayerY
        clc
        adc #STONE_H - 1
        cmp #STONE_H + BASKET_H - 1
        bcs .missed
        jsr LoseLife
        jmp SpawnStone
.missed:
        lda StoneY
        bmi .inAir          ; negative: still above the field
        cmp #STONE_MAX_Y + 1
        bcc .inAir
        jmp SpawnStone
.inAir:
        rts

; Adds one point (BCD) and raises the level every CATCHES_PER_LEVEL apples.
AddPoint:
        SUBROUTINE
        sed
        lda ScoreLo
        clc
        adc #1
        sta ScoreLo
        lda ScoreHi
        adc #0
        sta ScoreHi
        cld
        inc CatchCount
        lda CatchCount
        cmp #CATCHES_PER_LEVEL
        bcc .sameLevel
        lda #0
        sta CatchCount
        lda Level
        cmp #MAX_LEVEL
        bcs .sameLevel
        inc Level
.sameLevel:
        rts

LoseLife:
        SUBROUTINE
        lda Lives
        beq .none
        dec Lives
.none:
        rts

NewGame:
        SUBROUTINE
        lda #0
        sta ScoreHi
        sta ScoreLo
        sta Level
        sta CatchCount
        lda #START_LIVES
        sta Lives
        lda #PLAYER_START_X
        sta PlayerX
        lda #PLAYER_START_Y
        sta PlayerY
        jsr SpawnApple
        jmp SpawnStone

SpawnApple:
        SUBROUTINE
        jsr RandomX
        sta AppleX
        lda #0
        sta AppleY
        sta AppleFrac
        rts

; A stone starts a random number of rows above the top edge, so apples and
; stones do not fall in step.
SpawnStone:
        SUBROUTINE
        jsr RandomX
        sta StoneX
        jsr NextRandom
        and #%00011111
        eor #%11111111      ; -1..-32 as a row index above the field
        sta StoneY
        lda #0
        sta StoneFrac
        rts

; Returns a random x in MIN_X..MIN_X + SPAWN_X_MASK.
RandomX:
        SUBROUTINE
        jsr NextRandom
        and #SPAWN_X_MASK
        clc
        adc #MIN_X
        rts

; Steps the 16-bit Galois LFSR by one bit and returns its low byte in A.
NextRandom:
        SUBROUTINE
        lsr RandHi
        ror RandLo
        bcc .noTap
        lda RandHi
        eor #LFSR_TAPS
        sta RandHi
.noTap:
        lda RandLo
        rts

; ---------------------------------------------------------------- data
; Sprite rows, top row first.
BasketGfx:
        .byte %10000001
        .byte %10000001
        .byte %11111111
        .byte %01111110
AppleGfx:
        .byte %00010000
        .byte %00111100
        .byte %01111110
        .byte %00111100

; Fall speed per level, 1/256 rows per frame.
AppleSpeed:
LEVEL   SET 0
        REPEAT MAX_LEVEL + 1
        .byte APPLE_SPEED + LEVEL * APPLE_SPEED_UP
LEVEL   SET LEVEL + 1
        REPEND
StoneSpeed:
LEVEL   SET 0
        REPEAT MAX_LEVEL + 1
        .byte STONE_SPEED + LEVEL * STONE_SPEED_UP
LEVEL   SET LEVEL + 1
        REPEND

; PF1 pattern for 0..3 lives: one 4-pixel block per life.
LivesGfx:
        .byte %00000000
        .byte %10000000
        .byte %10100000
        .byte %10101000

; Digits 0..9, 5 rows each, 3 pixels wide; each row repeats in both nibbles.
; FONT_ROWS emits the table, with every byte bit-reversed when MIRROR is set.
        MAC FONT_BYTE
        IF MIRROR
        .byte (({1} & 1) << 7) | (({1} & 2) << 5) | (({1} & 4) << 3) | (({1} & 8) << 1) | (({1} >> 1) & 8) | (({1} >> 3) & 4) | (({1} >> 5) & 2) | (({1} >> 7) & 1)
        ELSE
        .byte {1}
        ENDIF
        ENDM

        MAC DIGIT
        FONT_BYTE {1}
        FONT_BYTE {2}
        FONT_BYTE {3}
        FONT_BYTE {4}
        FONT_BYTE {5}
        ENDM

        MAC FONT_ROWS
        DIGIT $EE,$AA,$AA,$AA,$EE   ; 0
        DIGIT $44,$CC,$44,$44,$EE   ; 1
        DIGIT $EE,$22,$EE,$88,$EE   ; 2
        DIGIT $EE,$22,$66,$22,$EE   ; 3
        DIGIT $AA,$AA,$EE,$22,$22   ; 4
        DIGIT $EE,$88,$EE,$22,$EE   ; 5
        DIGIT $EE,$88,$EE,$AA,$EE   ; 6
        DIGIT $EE,$22,$22,$22,$22   ; 7
        DIGIT $EE,$AA,$EE,$AA,$EE   ; 8
        DIGIT $EE,$AA,$EE,$22,$EE   ; 9
        ENDM

Font:
MIRROR  SET 0
        FONT_ROWS
FontMirrored:                       ; for PF2, whose bit 0 is its leftmost pixel
MIRROR  SET 1
        FONT_ROWS

; ---------------------------------------------------------------- vectors
        org $FFFA
        .word Start                 ; NMI (unused)
        .word Start                 ; RESET
        .word Start                 ; IRQ/BRK (unused)
