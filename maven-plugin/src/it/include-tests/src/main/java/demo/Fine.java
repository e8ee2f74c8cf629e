package demo;

public class Fine {}
