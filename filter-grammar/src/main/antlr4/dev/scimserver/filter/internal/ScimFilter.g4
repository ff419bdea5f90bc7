/*
 * SCIM filter (RFC 7644 §3.4.2.2) and PATCH path (RFC 7644 §3.5.2) grammar.
 *
 * The generated lexer and parser are an implementation detail of dev.scimserver.filter:
 * they only produce a parse tree; ScimFilters turns it into the public AST and reports errors.
 * Checks that need context or give better messages in Java (attribute-name shape, JSON escapes,
 * nested value paths, bare values in strict mode) are deliberately left out of the grammar.
 */
grammar ScimFilter;

// Keywords, operators and true/false/null may be written in any case ("EQ", "And", "NOT").
options { caseInsensitive = true; }

@lexer::members {
    /** Whether the last emitted token was a comparison operator, i.e. whether a value comes next. */
    private boolean afterComparison;

    @Override
    public void emit(Token token) {
        super.emit(token);
        switch (token.getType()) {
            case EQ, NE, CO, SW, EW, GT, GE, LT, LE -> afterComparison = true;
            default -> afterComparison = false;
        }
    }
}

// ---- entry points: each must consume the whole input ----

filterText : filter EOF ;
pathText   : path EOF ;

// ---- filters: precedence not > and > or; loops (not left recursion) so and/or fold left-associatively ----

filter : term (OR term)* ;
term   : factor (AND factor)* ;
factor
    : NOT LPAREN filter RPAREN
    | LPAREN filter RPAREN
    | attrPath attrTail
    ;
// Left-factored after the attribute path so a bad operator fails right here, in one place.
attrTail
    : LBRACKET filter RBRACKET
    | PR
    | compareOp compValue
    ;
compareOp : EQ | NE | CO | SW | EW | GT | GE | LT | LE ;
compValue : STRING | NUMBER | TRUE | FALSE | NULL | BARE ;

// One NAME token carries "[urn:]attr[.sub]"; Java splits it at the last ':' and the '.'.
attrPath : NAME ;

// ---- PATCH path: attrPath / valuePath [subAttr] ----

path : attrPath (LBRACKET filter RBRACKET (DOT NAME)?)? ;

// ---- lexer ----
// Order matters for equal-length matches: keywords and JSON literals beat BARE, BARE beats NAME.

AND : 'and' ;
OR  : 'or' ;
NOT : 'not' ;
PR  : 'pr' ;
EQ  : 'eq' ;
NE  : 'ne' ;
CO  : 'co' ;
SW  : 'sw' ;
EW  : 'ew' ;
GT  : 'gt' ;
GE  : 'ge' ;
LT  : 'lt' ;
LE  : 'le' ;

TRUE  : 'true' ;
FALSE : 'false' ;
NULL  : 'null' ;

NUMBER : '-'? INT ('.' [0-9]+)? ('e' [+\-]? [0-9]+)? ;

// Escapes are validated and decoded in Java, which can point at the offending escape.
STRING : '"' (ESCAPED | ~["\\])* '"' ;
// Never longer than a terminated STRING, so it only wins when the closing quote is missing.
UNTERMINATED_STRING : '"' (ESCAPED | ~["\\])* '\\'? ;

// A bare (unquoted) word right after a comparison operator, up to whitespace, ')' or ']'.
// Always lexed so strict mode can say precisely what is wrong; only lenient mode accepts it.
// No '"' inside: every '"' starts a string, as the nesting pre-scan in InputGuard assumes.
BARE : {afterComparison}? ~[ \t\r\n"()[\]] ~[ \t\r\n")\]]* ;

// Attribute names, optionally URN-qualified, with an optional sub-attribute: letters, digits,
// '-', '_', '$' (for $ref), ':' and '.' (URNs such as "...:enterprise:2.0:User:manager.value").
NAME : [a-z$] [a-z0-9_$:.\-]* ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
DOT      : '.' ;

WS : [ \t\r\n]+ -> skip ;

// Anything else becomes a token of its own so the lexer never reports errors by itself.
UNEXPECTED_CHAR : . ;

fragment INT     : '0' | [1-9] [0-9]* ;
fragment ESCAPED : '\\' . ;
