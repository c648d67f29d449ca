package org.gss.maskige; final class Placeholder {}
